#!/usr/bin/env bash
# Adds a migration with the same name to the platform database of both providers (SQLite and PostgreSQL).
#   bash src/IntellyHub.Platform/add-migration.sh AddSomething
set -euo pipefail
name=${1:?migration name, e.g. AddAuditLog}
root=$(cd "$(dirname "$0")/../.." && pwd)
tools=${IH_TOOLS_DIR:-$HOME/.intellyhub-tools}
if [ ! -x "$tools/dotnet-ef" ]; then
  dotnet tool install dotnet-ef --version 10.0.15 --tool-path "$tools" >/dev/null
fi
project="$root/src/IntellyHub.Platform"
for provider in Sqlite PostgreSql; do
  "$tools/dotnet-ef" migrations add "$name" --project "$project" --startup-project "$project" \
    --context "${provider}PlatformDbContext" --output-dir "Migrations/$provider"
done
