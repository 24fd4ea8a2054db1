/** One concrete action per kind of problem, worded for the person at the controller. */
import { existsSync } from 'node:fs';
import { ConnectorConfig } from '../connectors/config';
import { knownHostsName } from '../connectors/ssh/known-hosts';

const endpoint = (config: ConnectorConfig, user: string): string => `${user}@${config.host}`;

export function connectFix(kind: string, config: ConnectorConfig): string {
  const { host, port } = config;
  switch (kind) {
    case 'refused':
      return `start sshd on ${host}, or set connector.port to the port it listens on (nothing listens on ${host}:${port})`;
    case 'timeout':
      return `check that ${host} is up and port ${port} is not blocked by a firewall; raise connector.connect_timeout for slow links`;
    case 'dns':
      return `fix connector.host: "${host}" does not resolve (use an IP address, or add it to DNS or /etc/hosts)`;
    case 'dropped':
      return `sshd on ${host}:${port} closed the connection: check its log (journalctl -u ssh), MaxStartups and AllowUsers`;
    default:
      return `check that an SSH server answers on ${host}:${port}`;
  }
}

export function authFix(config: ConnectorConfig, user: string): string {
  const target = endpoint(config, user);
  if (config.privateKey !== undefined) {
    const publicKey = `${config.privateKey}.pub`;
    const copy = existsSync(publicKey) ? ` (ssh-copy-id -i ${publicKey} -p ${config.port} ${target})` : '';
    return `add the controller key ${publicKey} to ~/.ssh/authorized_keys of ${target}${copy}`;
  }
  if (config.privateKeyContent !== undefined) {
    return `add the public half of connector.private_key_content to ~/.ssh/authorized_keys of ${target}`;
  }
  if (config.password !== undefined) {
    return `check connector.password for ${target} (and that the host allows PasswordAuthentication)`;
  }
  return `set connector.private_key or connector.password, or add ~/.ssh/id_ed25519.pub of the controller to ~/.ssh/authorized_keys of ${target}`;
}

export function changedKeyFix(config: ConnectorConfig, file: string, line: number): string {
  const name = knownHostsName(config.host, config.port);
  return `if ${config.host} was reinstalled, remove line ${line} of ${file} (ssh-keygen -R '${name}' -f ${file}); otherwise do not connect: someone may be intercepting`;
}

export function unknownKeyFix(config: ConnectorConfig, file: string): string {
  return `compare the fingerprint with the host's, then add it to ${file} (ssh-keyscan -p ${config.port} ${config.host} >> ${file}) or set connector.host_key_checking: accept-new`;
}

export function sudoFix(message: string, user: string, host: string): string {
  if (/incorrect password/i.test(message)) return `fix connector.sudo_password: sudo rejects it for ${user} on ${host}`;
  if (/a password is required|no become password/i.test(message)) {
    return `set connector.sudo_password for ${user}, or allow ${user} passwordless sudo on ${host}`;
  }
  if (/not in the sudoers|not allowed/i.test(message)) {
    return `grant ${user} sudo rights on ${host}: echo '${user} ALL=(ALL:ALL) ALL' > /etc/sudoers.d/${user}; chmod 440 /etc/sudoers.d/${user}`;
  }
  if (/not installed|not found/i.test(message)) return `install sudo on ${host} (apt-get install sudo / dnf install sudo)`;
  return `run "sudo true" as ${user} on ${host} and fix what it reports`;
}

export function shellFix(user: string, host: string): string {
  return `log in as ${user} on ${host} and check that /bin/sh runs commands (getent passwd ${user}; a shell init script may print or exit)`;
}

export function tmpFix(host: string, freeMiB: number, needMiB: number): string {
  return `free space in /tmp on ${host} (${freeMiB} MiB free, ${needMiB} MiB wanted)`;
}
