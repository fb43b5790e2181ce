#!/usr/bin/env bash
# Writes the Nx boilerplate of one project: tools/new-project.sh <apps|libs> <dir> <project-name> <scope> <type>
set -euo pipefail
kind=$1 dir=$2 name=$3 scope=$4 type=$5
root="$kind/$dir"
mkdir -p "$root/src"
cat > "$root/project.json" <<JSON
{
  "name": "$name",
  "\$schema": "../../node_modules/nx/schemas/project-schema.json",
  "sourceRoot": "$root/src",
  "projectType": "$([ "$kind" = apps ] && echo application || echo library)",
  "tags": ["scope:$scope", "type:$type"],
  "targets": {
    "lint": { "executor": "@nx/eslint:lint" },
    "test": {
      "executor": "@nx/jest:jest",
      "outputs": ["{workspaceRoot}/coverage/{projectRoot}"],
      "options": { "jestConfig": "$root/jest.config.cjs", "passWithNoTests": false }
    }
  }
}
JSON
cat > "$root/jest.config.cjs" <<JS
module.exports = {
  ...require('../../jest.preset.cjs'),
  displayName: '$name',
  rootDir: __dirname,
};
JS
cat > "$root/package.json" <<JSON
{
  "name": "@ates/$name",
  "version": "0.0.0",
  "private": true
}
JSON
