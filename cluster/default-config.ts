/**
 * The commented default config `kplay create config` prints: the cluster defaults of
 * roles/defaults/defaults/main/*.yaml (their comments included) and the `download:` section of
 * roles/install/common/defaults/main.yaml, under spec, with the requested Kubernetes version.
 * Controller paths (01-main.yaml) are left out: the commands set them. Values that are templates
 * computed per host are commented out whole (a block scalar with all its lines), so no template
 * text ends up as a value.
 */

import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

export const DEFAULT_KUBE_VERSION = 'v1.34.3';

export function isKubeVersion(text: string): boolean {
  return /^v\d+\.\d+\.\d+$/.test(text);
}

const indentOf = (line: string): number => /^\s*/.exec(line)?.[0].length ?? 0;

/**
 * Comments out every key whose value is template text: the key line and, for block scalars
 * (`key: >-`, `key: |`), every more-indented line after it.
 */
export function commentOutTemplates(text: string): string {
  const lines = text.split('\n');
  const out: string[] = [];
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i];
    const block = /^\s*[\w.-]+:\s*[>|][-+]?\s*$/.test(line);
    let end = i + 1;
    if (block) {
      while (end < lines.length && (lines[end].trim() === '' || indentOf(lines[end]) > indentOf(line))) end++;
      while (end > i + 1 && lines[end - 1].trim() === '') end--;
    }
    const entry = lines.slice(i, end);
    if (entry.some((l) => l.includes('{{') && !l.trimStart().startsWith('#'))) {
      const indent = ' '.repeat(indentOf(line));
      out.push(`${indent}# computed when not set:`);
      for (const l of entry) out.push(l.trim() === '' ? l : `${indent}# ${l.slice(indent.length)}`);
      i = end - 1;
      continue;
    }
    out.push(line);
  }
  return out.join('\n');
}

/**
 * The `download:` block of the install roles' shared defaults, without `artifact_url` (URL
 * templates with escaped template text; a site overrides single entries, documented instead).
 */
export function downloadSection(commonDefaults: string): string {
  const lines = commonDefaults.split('\n');
  const start = lines.findIndex((l) => l === 'download:');
  if (start < 0) return '';
  const out: string[] = [];
  for (let i = start; i < lines.length; i++) {
    const line = lines[i];
    if (i > start && line !== '' && indentOf(line) === 0 && !line.startsWith('#')) break;
    if (line === '  artifact_url:') {
      out.push(
        '  # artifact_url.<component>: the URL of one component, a template with {{ .version }} and',
        '  # {{ .arch }} (kplay artifact list prints every URL in use; docs/create-cluster-install.md).',
      );
      while (i + 1 < lines.length && indentOf(lines[i + 1]) > 2) i++;
      continue;
    }
    out.push(line);
  }
  return out.join('\n').trimEnd();
}

export function renderDefaultConfig(defaultsDir: string, commonDefaultsFile: string, kubeVersion: string): string {
  const files = readdirSync(defaultsDir)
    .filter((f) => /\.ya?ml$/.test(f) && !f.startsWith('01-main'))
    .sort();
  const sections = [
    ...files.map((f) => readFileSync(join(defaultsDir, f), 'utf8').replace(/^(\s*kube_version:).*$/m, `$1 ${kubeVersion}`)),
    `# Where artifacts come from (docs/create-cluster-install.md): upstream, a mirror or a bundle.\n${downloadSection(readFileSync(commonDefaultsFile, 'utf8'))}`,
  ];
  const body = sections
    .map((text) =>
      commentOutTemplates(text)
        .split('\n')
        .map((line) => (line === '' ? '' : `  ${line}`))
        .join('\n')
        .trimEnd(),
    )
    .join('\n\n');
  return [
    `# Default cluster config for Kubernetes ${kubeVersion} (kplay create config).`,
    '# Use it with: kplay create cluster -i inventory.yaml -c config.yaml',
    '# Every value below is the default kplay uses when the key is absent; remove what you do not',
    '# change. Unknown keys are rejected. Keys and phases: docs/create-cluster.md.',
    'apiVersion: kubekey.kubesphere.io/v1',
    'kind: Config',
    'spec:',
    body,
    '',
  ].join('\n');
}
