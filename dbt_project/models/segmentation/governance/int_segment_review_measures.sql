{# One row per entity type x official segment x review period (each quarter-end review of the
   history, and the latest period as the review in progress): official members and their
   value share (products and customers: revenue 12m, suppliers: spend 12m), the quarter's
   revenue, gross margin, cost to serve (products and customers) and OTIF rate against its
   target, and migration in and out since the previous review, of the official and of the
   computed segment. The quarter's lines count for the official segment their entity held at
   that review, not for today's segment (mart_segment_kpis_month assigns today's). #}
with

official_segments as (
    select * from {{ ref('int_official_segments') }}
),

cost_to_serve_lines as (
    select * from {{ ref('int_cost_to_serve_lines') }}
),

otif_lines as (
    select * from {{ ref('int_sales_order_line_otif') }}
),

po_line_kpis as (
    select * from {{ ref('int_supplier_po_line_kpis') }}
),

customer_policies as (
    select * from {{ ref('customer_segment_policies') }}
),

supplier_policies as (
    select * from {{ ref('supplier_segment_policies') }}
),

review_rules as (
    select * from {{ ref('segment_review_rules') }}
),

periods as (
    select distinct
        entity_type,
        period_end,
        is_period_closed,
        is_review_period
    from official_segments
),

latest_periods as (
    select
        periods.*,
        max(periods.period_end) over (partition by periods.entity_type) as latest_period_end
    from periods
),

review_periods as (
    select
        entity_type,
        period_end,
        is_period_closed,
        lag(period_end) over (
            partition by entity_type order by period_end
        ) as previous_review_end
    from latest_periods
    where is_review_period or period_end = latest_period_end
),

members as (
    select
        official_segments.entity_type,
        official_segments.period_end,
        coalesce(official_segments.official_segment, 'unsegmented') as segment,
        count(*) as member_count,
        {{ exact_sum("official_segments.segment_value") }} as segment_value
    from official_segments
    inner join review_periods
        on
            official_segments.entity_type = review_periods.entity_type
            and official_segments.period_end = review_periods.period_end
    group by
        official_segments.entity_type,
        official_segments.period_end,
        coalesce(official_segments.official_segment, 'unsegmented')
),

{# each entity at a review and at the review before: the moves between the two #}
moves as (
    select
        review_periods.entity_type,
        review_periods.period_end,
        now_segments.entity_id,
        coalesce(now_segments.official_segment, 'unsegmented') as official_now,
        coalesce(before_segments.official_segment, 'unsegmented') as official_before,
        coalesce(now_segments.computed_segment, 'unsegmented') as computed_now,
        coalesce(before_segments.computed_segment, 'unsegmented') as computed_before,
        before_segments.entity_id is not null as was_member
    from review_periods
    inner join official_segments as now_segments
        on
            review_periods.entity_type = now_segments.entity_type
            and review_periods.period_end = now_segments.period_end
    left join official_segments as before_segments
        on
            now_segments.entity_type = before_segments.entity_type
            and now_segments.entity_id = before_segments.entity_id
            and review_periods.previous_review_end = before_segments.period_end
    where review_periods.previous_review_end is not null
),

moves_in as (
    select
        entity_type,
        period_end,
        official_now as segment,
        sum(case when not was_member or official_before != official_now then 1 else 0 end)
            as official_members_in,
        0 as official_members_out,
        0 as computed_members_in,
        0 as computed_members_out
    from moves
    group by entity_type, period_end, official_now
),

{# leavers by the segment they left; an entity gone from the history is not counted (the
   history keeps every entity of the master) #}
moves_out as (
    select
        entity_type,
        period_end,
        official_before as segment,
        0 as official_members_in,
        sum(case when official_before != official_now then 1 else 0 end)
            as official_members_out,
        0 as computed_members_in,
        0 as computed_members_out
    from moves
    where was_member
    group by entity_type, period_end, official_before
    union all
    select
        entity_type,
        period_end,
        computed_before as segment,
        0 as official_members_in,
        0 as official_members_out,
        0 as computed_members_in,
        sum(case when computed_before != computed_now then 1 else 0 end)
            as computed_members_out
    from moves
    where was_member
    group by entity_type, period_end, computed_before
),

computed_in as (
    select
        entity_type,
        period_end,
        computed_now as segment,
        0 as official_members_in,
        0 as official_members_out,
        sum(case when not was_member or computed_before != computed_now then 1 else 0 end)
            as computed_members_in,
        0 as computed_members_out
    from moves
    group by entity_type, period_end, computed_now
),

migration_rows as (
    select * from moves_in
    union all
    select * from moves_out
    union all
    select * from computed_in
),

migration as (
    select
        entity_type,
        period_end,
        segment,
        sum(official_members_in) as official_members_in,  -- exact: integer
        sum(official_members_out) as official_members_out,  -- exact: integer
        sum(computed_members_in) as computed_members_in,  -- exact: integer
        sum(computed_members_out) as computed_members_out  -- exact: integer
    from migration_rows
    group by entity_type, period_end, segment
),

line_facts as (
    {%- for member in ['product', 'customer'] %}
        select
            '{{ member }}' as entity_type,
            {{ member }}_id as entity_id,
            order_month as month,
            revenue,
            cogs,
            cost_to_serve,
            cast(null as integer) as otif_flag
        from cost_to_serve_lines
        union all
        select
            '{{ member }}' as entity_type,
            {{ member }}_id as entity_id,
            order_month as month,
            cast(null as double) as revenue,
            cast(null as double) as cogs,
            cast(null as double) as cost_to_serve,
            case when is_otif then 1 else 0 end as otif_flag
        from otif_lines
        union all
    {%- endfor %}
    select
        'supplier' as entity_type,
        supplier_id as entity_id,
        month,
        cast(null as double) as revenue,
        cast(null as double) as cogs,
        cast(null as double) as cost_to_serve,
        case
            when is_kpi_eligible and is_otif then 1
            when is_kpi_eligible then 0
        end as otif_flag
    from po_line_kpis
),

{# a review's quarter: the three months ending with its period #}
quarter_lines as (
    select
        review_periods.entity_type,
        review_periods.period_end,
        coalesce(official_segments.official_segment, 'unsegmented') as segment,
        line_facts.revenue,
        line_facts.cogs,
        line_facts.cost_to_serve,
        line_facts.otif_flag
    from line_facts
    inner join review_periods
        on
            line_facts.entity_type = review_periods.entity_type
            and line_facts.month <= review_periods.period_end
            and line_facts.month > {{ dbt.dateadd('month', -3, 'review_periods.period_end') }}
    inner join official_segments
        on
            line_facts.entity_type = official_segments.entity_type
            and line_facts.entity_id = official_segments.entity_id
            and review_periods.period_end = official_segments.period_end
),

quarter_kpis as (
    select
        entity_type,
        period_end,
        segment,
        {{ exact_sum("revenue") }} as revenue_quarter,
        {{ exact_sum("cogs") }} as cogs_quarter,
        {{ exact_sum("cost_to_serve") }} as cost_to_serve_quarter,
        {{ exact_avg("otif_flag") }} as otif_rate_quarter
    from quarter_lines
    group by entity_type, period_end, segment
),

review_keys as (
    select
        entity_type,
        period_end,
        segment
    from members
    union
    select
        entity_type,
        period_end,
        segment
    from migration
),

measures as (
    select
        review_keys.entity_type,
        review_keys.segment,
        review_keys.period_end,
        review_periods.is_period_closed,
        review_periods.previous_review_end,
        coalesce(members.member_count, 0) as member_count,
        coalesce(members.segment_value, 0.0) as segment_value,
        coalesce(members.segment_value, 0.0) / nullif(
            {{ exact_window_sum(
                "coalesce(members.segment_value, 0.0)",
                "over (partition by review_keys.entity_type, review_keys.period_end)"
            ) }},
            0.0
        ) as value_share,
        quarter_kpis.revenue_quarter,
        quarter_kpis.revenue_quarter - quarter_kpis.cogs_quarter as gross_margin_quarter,
        quarter_kpis.cost_to_serve_quarter,
        quarter_kpis.otif_rate_quarter,
        case review_keys.entity_type
            when 'customer' then customer_policies.otif_target
            when 'supplier' then supplier_policies.otd_governance_threshold
            else review_rules.otif_target
        end as otif_target,
        coalesce(migration.official_members_in, 0) as official_members_in,
        coalesce(migration.official_members_out, 0) as official_members_out,
        coalesce(migration.computed_members_in, 0) as computed_members_in,
        coalesce(migration.computed_members_out, 0) as computed_members_out
    from review_keys
    inner join review_periods
        on
            review_keys.entity_type = review_periods.entity_type
            and review_keys.period_end = review_periods.period_end
    left join members
        on
            review_keys.entity_type = members.entity_type
            and review_keys.period_end = members.period_end
            and review_keys.segment = members.segment
    left join migration
        on
            review_keys.entity_type = migration.entity_type
            and review_keys.period_end = migration.period_end
            and review_keys.segment = migration.segment
    left join quarter_kpis
        on
            review_keys.entity_type = quarter_kpis.entity_type
            and review_keys.period_end = quarter_kpis.period_end
            and review_keys.segment = quarter_kpis.segment
    left join customer_policies
        on review_keys.segment = customer_policies.customer_segment
    left join supplier_policies
        on review_keys.segment = supplier_policies.kraljic_segment
    left join review_rules
        on review_keys.entity_type = review_rules.entity_type
),

final as (
    select
        measures.*,
        sum(  -- exact: integer
            case when measures.otif_rate_quarter < measures.otif_target then 1 else 0 end
        ) over (
            partition by measures.entity_type, measures.segment
            order by measures.period_end
            rows between 3 preceding and current row
        ) as quarters_below_target
    from measures
)

select * from final
