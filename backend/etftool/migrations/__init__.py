"""Alembic scripts for the user-data schema, run by etftool.db.migrate (no alembic.ini).

A new revision goes in versions/ as `vNNNN_what.py` with `down_revision` naming the previous
one; tests/userdata/test_migrations.py checks that the revisions produce the models' schema.
"""
