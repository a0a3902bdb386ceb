#!/usr/bin/env bash
# Adds a migration with the same name to the platform database of both providers (SQLite and PostgreSQL), then
# generates their compiled models anew (CompiledModel/<provider>: the model as code, so that a process starts
# without building it).
#   bash src/IntellyHub.Platform/add-migration.sh AddSomething
#   bash src/IntellyHub.Platform/add-migration.sh --compiled-model    # only the compiled models (the model changed without a schema change)
set -euo pipefail
name=${1:?migration name (e.g. AddAuditLog), or --compiled-model}
root=$(cd "$(dirname "$0")/../.." && pwd)
tools=${IH_TOOLS_DIR:-$HOME/.intellyhub-tools}
if [ ! -x "$tools/dotnet-ef" ]; then
  dotnet tool install dotnet-ef --version 10.0.15 --tool-path "$tools" >/dev/null
fi
project="$root/src/IntellyHub.Platform"
# Built without the old compiled models: after an entity change they may no longer compile, and the tools read the
# model from OnModelCreating anyway.
dotnet build "$project" -p:IntellyHubCompiledModel=false -nologo -v quiet
for provider in Sqlite PostgreSql; do
  if [ "$name" != --compiled-model ]; then
    "$tools/dotnet-ef" migrations add "$name" --project "$project" --startup-project "$project" \
      --context "${provider}PlatformDbContext" --output-dir "Migrations/$provider" --no-build
  fi
  rm -rf "$project/CompiledModel/$provider"
  "$tools/dotnet-ef" dbcontext optimize --project "$project" --startup-project "$project" \
    --context "${provider}PlatformDbContext" --output-dir "CompiledModel/$provider" \
    --namespace "IntellyHub.Platform.CompiledModel.$provider" --no-build
done
