/**
 * Fleet tests run only where systemd-nspawn can boot hosts. In CI as root the machine is expected
 * to be able to: there the tests run and fail loudly instead of skipping.
 */
import { fleetUnavailableReason } from '../harness/fleet/fleet';

const reason = fleetUnavailableReason();
const mustRun = process.env.CI === 'true' && process.getuid?.() === 0;

export const fleetSkipReason: string | null = reason && !mustRun ? reason : null;

/** `describe`, or `describe.skip` with the reason in the suite name when the fleet cannot run. */
export const describeFleet = (name: string, body: () => void): void => {
  if (fleetSkipReason) describe.skip(`${name} — skipped: ${fleetSkipReason}`, body);
  else describe(name, body);
};
