/**
 * Inventories of the cluster commands: the one used without -i (the controller alone, in every
 * group, like KubeKey's default) and the commented sample `kplay create inventory` prints.
 */

/** localhost is the control plane, the worker and the etcd member: a one-node cluster. */
export const DEFAULT_CLUSTER_INVENTORY = `# kplay's default inventory for the cluster commands (used when -i is not given):
# the machine running kplay is the whole cluster.
apiVersion: kubekey.kubesphere.io/v1
kind: Inventory
metadata:
  name: default
spec:
  groups:
    k8s_cluster:
      groups: [kube_control_plane, kube_worker]
    kube_control_plane:
      hosts: [localhost]
    kube_worker:
      hosts: [localhost]
    etcd:
      hosts: [localhost]
`;

export const SAMPLE_INVENTORY = `# Inventory for kplay create cluster / kplay precheck (-i inventory.yaml).
# Groups the cluster project uses:
#   kube_control_plane  control-plane nodes (the first one runs kubeadm init)
#   kube_worker         worker nodes (a host may be in both groups)
#   k8s_cluster         every Kubernetes node: keep it as the parent of the two groups above
#   etcd                etcd members for etcd.deployment_type external: an odd number (1, 3, 5)
#   nfs                 optional: at most one NFS server
#   image_registry      optional: hosts for a private registry (config image_registry.type)
# Host names become node names: lowercase letters, digits, "-" and "." only.
apiVersion: kubekey.kubesphere.io/v1
kind: Inventory
metadata:
  name: mycluster
spec:
  hosts:
    node1:
      connector:
        host: 192.168.0.11        # address kplay connects to
      internal_ipv4: 192.168.0.11 # address Kubernetes and etcd use (must be on the host)
      # internal_ipv6: fd00::11
    node2:
      connector: { host: 192.168.0.12 }
      internal_ipv4: 192.168.0.12
    node3:
      connector: { host: 192.168.0.13 }
      internal_ipv4: 192.168.0.13
  vars:
    # Connector settings every host shares, in one place; a host's own connector keys win.
    # They never apply to the controller's implicit localhost, which is always reached locally.
    connector:
      type: ssh
      port: 22
      user: root
      private_key: ~/.ssh/id_ed25519
      # password: "…"           # instead of a key; or become with a sudo user
  groups:
    k8s_cluster:
      groups: [kube_control_plane, kube_worker]
    kube_control_plane:
      hosts: [node1]
    kube_worker:
      hosts: [node2, node3]
    etcd:
      hosts: [node1]
    # nfs:
    #   hosts: [node3]
    # image_registry:
    #   hosts: [node3]
`;
