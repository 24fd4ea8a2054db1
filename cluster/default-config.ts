/**
 * The commented default config `kplay create config` prints: the cluster defaults of
 * roles/defaults/defaults/main/*.yaml (their comments included) under spec, with the requested
 * Kubernetes version. Controller paths (01-main.yaml) are left out: the commands set them.
 */

import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

export const DEFAULT_KUBE_VERSION = 'v1.34.3';

export function isKubeVersion(text: string): boolean {
  return /^v\d+\.\d+\.\d+$/.test(text);
}

/** Values that are templates computed per host must not be frozen into the config. */
function commentOutTemplates(line: string): string {
  if (!line.includes('{{')) return line;
  const indent = /^\s*/.exec(line)?.[0] ?? '';
  return `${indent}# ${line.slice(indent.length)}  # computed when not set`;
}

export function renderDefaultConfig(defaultsDir: string, kubeVersion: string): string {
  const files = readdirSync(defaultsDir)
    .filter((f) => /\.ya?ml$/.test(f) && !f.startsWith('01-main'))
    .sort();
  const body = files
    .map((f) =>
      readFileSync(join(defaultsDir, f), 'utf8')
        .replace(/^(\s*kube_version:).*$/m, `$1 ${kubeVersion}`)
        .split('\n')
        .map((line) => (line === '' ? '' : `  ${commentOutTemplates(line)}`))
        .join('\n')
        .trimEnd(),
    )
    .join('\n\n');
  return [
    `# Default cluster config for Kubernetes ${kubeVersion} (kplay create config).`,
    '# Use it with: kplay create cluster -i inventory.yaml -c config.yaml',
    '# Every key is optional; remove what you do not change. Unknown keys are rejected.',
    '# Download locations (download.*) are described in docs/create-cluster.md.',
    'apiVersion: kubekey.kubesphere.io/v1',
    'kind: Config',
    'spec:',
    body,
    '',
  ].join('\n');
}
