#!/usr/bin/env bash
# Adds a migration with the same name to both providers (SQLite and PostgreSQL), then generates their compiled
# models anew (each provider's CompiledModel folder: the model as code, so that a process starts without building it).
#   bash src/IntellyHub.Runtime/add-migration.sh AddSomething
#   bash src/IntellyHub.Runtime/add-migration.sh --compiled-model    # only the compiled models (the model changed without a schema change)
set -euo pipefail
name=${1:?migration name (e.g. AddAuditLog), or --compiled-model}
root=$(cd "$(dirname "$0")/../.." && pwd)
tools=${IH_TOOLS_DIR:-$HOME/.intellyhub-tools}
if [ ! -x "$tools/dotnet-ef" ]; then
  dotnet tool install dotnet-ef --version 10.0.15 --tool-path "$tools" >/dev/null
fi
for provider in Sqlite PostgreSql; do
  project="$root/src/IntellyHub.Runtime.$provider"
  # Built without the old compiled model: after an entity change it may no longer compile, and the tools read the
  # model from OnModelCreating anyway.
  dotnet build "$project" -p:IntellyHubCompiledModel=false -nologo -v quiet
  if [ "$name" != --compiled-model ]; then
    "$tools/dotnet-ef" migrations add "$name" --project "$project" --startup-project "$project" --output-dir Migrations --no-build
  fi
  # The tool warns that the context lives in another assembly and has a custom model cache key factory: expected,
  # each provider's project holds that provider's model (loaded by UseCompiledModel in its Configure).
  rm -rf "$project/CompiledModel"
  "$tools/dotnet-ef" dbcontext optimize --project "$project" --startup-project "$project" --output-dir CompiledModel \
    --namespace "IntellyHub.Runtime.$provider.CompiledModel" --no-build
done
