#!/bin/sh
# `npm test`: types, lint, layering, every jest suite (SSH in the default mode, one exec channel
# per command; `npm run test:ssh-persistent` runs the SSH suites with persistent sessions).
# Arguments go to jest.
set -e
npx tsc -p tsconfig.json --noEmit
npm run lint --silent
npm run depcheck --silent
npx jest "$@"
