"""Household accounts: users, their login sessions and personal API tokens, and the login
rate limit. HTTP lives in etftool.api; this package knows nothing of it."""
