/**
 * The fleet's base image recipe: which Debian release and packages, and the commands that finish
 * the root file system. The cache key is a hash of all of it, so editing the recipe rebuilds the
 * image on the next run. Nothing the cluster installer installs (etcd, containerd, runc, CNI,
 * Kubernetes) belongs here: the hosts must start as plain minimal servers.
 */
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

export const FLEET_CACHE_DIR = process.env.KPLAY_FLEET_CACHE ?? '/var/cache/kplay-fleet';

/** The non-root login every host has: password sudo, the fleet's key in authorized_keys. */
export const FLEET_SUDO_USER = { name: 'kplay', password: 'kplay-Fleet-pw-1' } as const;

export interface ImageRecipe {
  readonly suite: string;
  readonly mirror: string;
  readonly variant: string;
  readonly packages: readonly string[];
  /** Shell run in the new root (chroot) after debootstrap. */
  readonly setup: string;
}

const PACKAGES = [
  'systemd',
  'systemd-sysv',
  'dbus',
  'openssh-server',
  'sudo',
  'iproute2',
  'iputils-ping',
  'procps',
  'kmod',
];

// Host keys and machine-id are per host (the harness writes them into each host's overlay); the
// image keeps none so that two hosts can never share them.
const SETUP = `set -e
rm -f /etc/ssh/ssh_host_*
: > /etc/machine-id
rm -f /var/lib/dbus/machine-id
ln -sf /etc/machine-id /var/lib/dbus/machine-id
useradd -m -s /bin/bash ${FLEET_SUDO_USER.name}
echo '${FLEET_SUDO_USER.name}:${FLEET_SUDO_USER.password}' | chpasswd
printf 'Defaults:${FLEET_SUDO_USER.name} lecture=never\\n${FLEET_SUDO_USER.name} ALL=(ALL:ALL) ALL\\n' > /etc/sudoers.d/${FLEET_SUDO_USER.name}
chmod 0440 /etc/sudoers.d/${FLEET_SUDO_USER.name}
passwd -l root
printf 'PermitRootLogin prohibit-password\\nPasswordAuthentication yes\\nUseDNS no\\nMaxStartups 100\\nMaxSessions 50\\n' > /etc/ssh/sshd_config.d/kplay-fleet.conf
systemctl enable systemd-networkd.service ssh.service
# No console to log in on, and nothing in a container to remount or to sync time with.
systemctl mask console-getty.service getty@.service systemd-remount-fs.service systemd-timesyncd.service apt-daily.timer apt-daily-upgrade.timer e2scrub_all.timer fstrim.timer 2>/dev/null || true
printf 'LANG=C.UTF-8\\n' > /etc/default/locale
apt-get clean
rm -rf /var/lib/apt/lists/* /var/cache/apt/*.bin
`;

/** The Debian archive apt on this machine already uses (deb822 or one-line format). */
export function aptMirror(): string {
  const files = ['/etc/apt/sources.list'];
  if (existsSync('/etc/apt/sources.list.d')) {
    for (const name of readdirSync('/etc/apt/sources.list.d').sort()) files.push(join('/etc/apt/sources.list.d', name));
  }
  for (const file of files) {
    if (!existsSync(file)) continue;
    const text = readFileSync(file, 'utf8');
    const deb822 = /^URIs:\s*(\S+\/debian)\/?\s*$/m.exec(text);
    if (deb822) return deb822[1];
    const oneLine = /^deb\s+(?:\[[^\]]*\]\s+)?(\S+\/debian)\/?\s+\S+/m.exec(text);
    if (oneLine) return oneLine[1];
  }
  return 'http://deb.debian.org/debian';
}

function hostSuite(): string {
  const release = existsSync('/etc/os-release') ? readFileSync('/etc/os-release', 'utf8') : '';
  return /^VERSION_CODENAME=(\w+)/m.exec(release)?.[1] ?? 'bookworm';
}

export function defaultRecipe(): ImageRecipe {
  return { suite: hostSuite(), mirror: aptMirror(), variant: 'minbase', packages: PACKAGES, setup: SETUP };
}

/** Cache key: the mirror is left out (any mirror of the same archive gives the same image). */
export function recipeHash(recipe: ImageRecipe): string {
  const { suite, variant, packages, setup } = recipe;
  return createHash('sha256').update(JSON.stringify({ suite, variant, packages, setup })).digest('hex').slice(0, 16);
}
