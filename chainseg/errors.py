"""The one exception type whose message the command line prints as its one-line error."""


class ChainsegError(Exception):
    """A problem the user can fix (bad input, missing folder, failed run); message is one line."""
