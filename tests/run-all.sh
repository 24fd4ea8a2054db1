#!/bin/sh
# `npm test`: types, lint, layering, every jest suite (SSH in the default mode, persistent
# sessions), then the SSH suites again with one exec channel per command, so both
# `connector.session` modes are held to the same expectations. Arguments go to jest.
set -e
npx tsc -p tsconfig.json --noEmit
npm run lint --silent
npm run depcheck --silent
npx jest "$@"
KPLAY_TEST_SSH_SESSION=exec npx jest tests/e2e-ssh tests/integration/connectors "$@"
