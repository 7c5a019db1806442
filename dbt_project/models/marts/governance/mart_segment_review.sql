{# BI contract for the quarterly business review: one row per entity type x official segment
   x review period (int_segment_review_measures) with a recommendation from the seed rule
   segment_review_rules: retire a segment whose cost to serve in the quarter exceeds
   max_cost_to_serve_to_margin x its gross margin (its policy costs more than it earns), else
   merge one with fewer than min_members members, else keep. #}
with

review_measures as (
    select * from {{ ref('int_segment_review_measures') }}
),

review_rules as (
    select * from {{ ref('segment_review_rules') }}
),

recommended as (
    select
        review_measures.*,
        case
            when
                review_rules.max_cost_to_serve_to_margin is not null
                and review_measures.cost_to_serve_quarter
                > review_rules.max_cost_to_serve_to_margin * review_measures.gross_margin_quarter
                then 'retire'
            when review_measures.member_count < review_rules.min_members then 'merge'
            else 'keep'
        end as recommendation,
        case
            when
                review_rules.max_cost_to_serve_to_margin is not null
                and review_measures.cost_to_serve_quarter
                > review_rules.max_cost_to_serve_to_margin * review_measures.gross_margin_quarter
                then 'cost_to_serve_above_margin'
            when review_measures.member_count < review_rules.min_members then 'too_few_members'
        end as recommendation_reason
    from review_measures
    left join review_rules
        on review_measures.entity_type = review_rules.entity_type
),

final as (
    select
        cast(entity_type as {{ dbt.type_string() }}) as entity_type,
        cast(segment as {{ dbt.type_string() }}) as segment,
        cast(period_end as date) as period_end,
        cast(is_period_closed as boolean) as is_period_closed,
        cast(previous_review_end as date) as previous_review_end,
        cast(member_count as bigint) as member_count,
        cast(segment_value as double) as segment_value,
        cast(value_share as double) as value_share,
        cast(revenue_quarter as double) as revenue_quarter,
        cast(gross_margin_quarter as double) as gross_margin_quarter,
        cast(cost_to_serve_quarter as double) as cost_to_serve_quarter,
        cast(otif_rate_quarter as double) as otif_rate_quarter,
        cast(otif_target as double) as otif_target,
        cast(quarters_below_target as bigint) as quarters_below_target,
        cast(official_members_in as bigint) as official_members_in,
        cast(official_members_out as bigint) as official_members_out,
        cast(computed_members_in as bigint) as computed_members_in,
        cast(computed_members_out as bigint) as computed_members_out,
        cast(recommendation as {{ dbt.type_string() }}) as recommendation,
        cast(recommendation_reason as {{ dbt.type_string() }}) as recommendation_reason
    from recommended
)

select * from final
