/**
 * A process that owns a one-host fleet and waits to be killed: the harness test interrupts it
 * (SIGINT: it removes its fleet on the way out) or kills it (SIGKILL: the next sweep does).
 * Prints the fleet's directory once the host is up.
 */
import { startFleet } from '../harness/fleet/fleet';

startFleet({ names: [process.argv[2] ?? 'owned'] })
  .then((fleet) => {
    process.stdout.write(`${fleet.dir}\n`);
    setInterval(() => undefined, 60_000);
  })
  .catch((error: unknown) => {
    process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  });
