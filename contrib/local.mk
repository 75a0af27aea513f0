# contrib/: what goes around the program. The bash completion is installed where
# bash-completion looks (configure: --with-bash-completion-dir), the Ansible
# playbook and its README under $(pkgdatadir)/ansible.
bashcompletion_DATA = contrib/completion/iommu-audit
EXTRA_DIST += contrib/completion/iommu-audit
ansibledir = $(pkgdatadir)/ansible
dist_ansible_DATA = contrib/ansible/iommu-audit.yml contrib/ansible/README
