#!/bin/sh
# Starts PostgreSQL on PGDATA, first making the cluster there when it is empty: a superuser
# POSTGRES_USER with the password POSTGRES_PASSWORD (required), owning the database
# POSTGRES_DB. Clients on the network sign in with the password (SCRAM); the socket is /tmp.
set -eu

if [ -z "${POSTGRES_USER:-}" ] || [ -z "${POSTGRES_PASSWORD:-}" ] || [ -z "${POSTGRES_DB:-}" ]; then
  echo "start-postgres: set POSTGRES_USER, POSTGRES_PASSWORD and POSTGRES_DB" >&2
  exit 2
fi

if [ ! -s "$PGDATA/PG_VERSION" ]; then
  password_file="$(mktemp)"
  printf '%s\n' "$POSTGRES_PASSWORD" >"$password_file"
  initdb --username="$POSTGRES_USER" --pwfile="$password_file" --encoding=UTF8 --locale=C.UTF-8 \
    --auth-local=trust --auth-host=scram-sha-256 >/dev/null
  rm -f "$password_file"
  echo "host all all all scram-sha-256" >>"$PGDATA/pg_hba.conf"
  # The database is made by a server listening on the socket only, so no client connects early.
  pg_ctl --wait --silent --options="-c listen_addresses='' -c unix_socket_directories=/tmp" start
  createdb --username="$POSTGRES_USER" "$POSTGRES_DB"
  pg_ctl --wait --silent stop
  echo "start-postgres: made the cluster in $PGDATA with database $POSTGRES_DB" >&2
fi

exec postgres -c listen_addresses='*' -c unix_socket_directories=/tmp
