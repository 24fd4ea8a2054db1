/**
 * A known_hosts store that remembers what it decided for the one host it serves, so doctor can
 * tell "already known" from "just recorded" and name the file line of a changed key.
 */
import { HostKeyVerdict, KnownHosts } from '../connectors/ssh/known-hosts';

export class ObservingKnownHosts extends KnownHosts {
  verdict?: HostKeyVerdict;
  recorded = false;

  override async check(host: string, port: number, keyBlob: Buffer): Promise<HostKeyVerdict> {
    this.verdict = await super.check(host, port, keyBlob);
    return this.verdict;
  }

  override async record(host: string, port: number, keyBlob: Buffer): Promise<void> {
    await super.record(host, port, keyBlob);
    this.recorded = true;
  }
}
