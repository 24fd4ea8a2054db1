/**
 * The folder layering of docs/architecture.md, enforced (`npm run depcheck`). Every engine folder
 * imports only from folders on lower floors (and, where listed, from a neighbour on its own
 * floor); builtin-modules/ reaches the engine through the module-facing file only, cluster/
 * through the public API only; nothing in engine/ imports the CLI, the cluster app or the
 * builtin modules. Tests are exempt.
 * @type {import('dependency-cruiser').IConfiguration}
 */

/** Lowest floor first. */
const FLOORS = [
  ['core'],
  ['go'],
  ['yaml', 'crypto'],
  ['template'],
  ['connectors', 'diff', 'inventory', 'project', 'variables'],
  ['modules'],
  ['events', 'executor'],
  ['reporters', 'doctor', 'run'],
];

/** Imports allowed between folders of the same floor: from → to. */
const NEIGHBOURS = [
  ['variables', 'inventory'],
  ['executor', 'events'],
  ['run', 'reporters'],
  ['run', 'doctor'],
];

const TESTS = ['\\.test\\.ts$', '^tests/'];
const group = (folders) => `^engine/(${folders.join('|')})/`;

const upward = FLOORS.slice(0, -1).map((floor, i) => ({
  name: `no-upward-from-${floor.join('-')}`,
  comment: `engine/{${floor.join(',')}} may import only from lower floors (docs/architecture.md#layers)`,
  severity: 'error',
  from: { path: group(floor), pathNot: TESTS },
  to: { path: [group(FLOORS.slice(i + 1).flat()), '^engine/index\\.ts$'] },
}));

const sideways = FLOORS.filter((floor) => floor.length > 1).flatMap((floor) =>
  floor.map((from) => {
    const allowed = NEIGHBOURS.filter(([f]) => f === from).map(([, t]) => t);
    const forbidden = floor.filter((to) => to !== from && !allowed.includes(to));
    return {
      name: `no-sideways-from-${from}`,
      comment: `engine/${from} may not import its neighbours ${forbidden.join(', ')} on the same floor`,
      severity: 'error',
      from: { path: `^engine/${from}/`, pathNot: TESTS },
      to: { path: group(forbidden) },
    };
  }),
);

module.exports = {
  forbidden: [
    {
      name: 'no-circular',
      comment: 'no import cycles (between folders or inside one)',
      severity: 'error',
      from: { pathNot: TESTS },
      to: { circular: true },
    },
    ...upward,
    ...sideways,
    {
      name: 'engine-stays-generic',
      comment: 'engine/ never imports the CLI, the cluster app or the builtin modules',
      severity: 'error',
      from: { path: '^engine/', pathNot: TESTS },
      to: { path: '^(cli|web|cluster|builtin-modules)/' },
    },
    {
      name: 'modules-through-module-api',
      comment: 'builtin-modules/ may import from the engine only engine/modules/module-api.ts',
      severity: 'error',
      from: { path: '^builtin-modules/', pathNot: TESTS },
      to: { path: '^engine/', pathNot: '^engine/modules/module-api\\.ts$' },
    },
    {
      name: 'cluster-through-public-api',
      comment: 'cluster/ may import from the engine only its public API, engine/index.ts',
      severity: 'error',
      from: { path: '^cluster/', pathNot: TESTS },
      to: { path: '^engine/', pathNot: '^engine/index\\.ts$' },
    },
    {
      name: 'web-through-public-api',
      comment: 'web/ (kplay web, a top layer beside cli/) may import only engine/index.ts and builtin-modules/index.ts',
      severity: 'error',
      from: { path: '^web/', pathNot: TESTS },
      to: { path: '^(engine|builtin-modules|cluster|cli)/', pathNot: '^(engine/index|builtin-modules/index)\\.ts$' },
    },
    {
      name: 'nothing-imports-web',
      comment: 'only the CLI starts the web server',
      severity: 'error',
      from: { path: '^(engine|cluster|builtin-modules)/', pathNot: TESTS },
      to: { path: '^web/' },
    },
    {
      name: 'cluster-and-modules-not-cli',
      comment: 'cli/ composes everything; nothing below imports it',
      severity: 'error',
      from: { path: '^(cluster|builtin-modules|web)/', pathNot: TESTS },
      to: { path: '^cli/' },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '^(dist|node_modules)/' },
    // type-only imports are dependencies too
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: { extensions: ['.ts', '.js', '.json'] },
  },
};
