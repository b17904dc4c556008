// SPDX-License-Identifier: GPL-2.0
/*
 * bench-setbm BDF...: set Memory Space and Bus Master Enable in the COMMAND
 * register of each PCI function (0000:07:00.0 form), one 16-bit write
 * through sysfs, as a driver's pci_set_master() would; nothing is written
 * when both bits are already set.
 *
 * The bench sets them on up to 257 functions before every kexec; one
 * process does in the guest what a shell loop of od/dd would need ~800
 * forks for (bench/guest.sh).
 */
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <unistd.h>

#define PCI_COMMAND 4
#define BITS 0x6	/* PCI_COMMAND_MEMORY | PCI_COMMAND_MASTER */

int main(int argc, char **argv)
{
	char path[96];
	uint16_t cmd;
	int i, fd, ret = 0;

	for (i = 1; i < argc; i++) {
		snprintf(path, sizeof(path), "/sys/bus/pci/devices/%s/config", argv[i]);
		fd = open(path, O_RDWR);
		if (fd < 0 || pread(fd, &cmd, 2, PCI_COMMAND) != 2) {
			perror(path);
			ret = 1;
		} else if ((cmd & BITS) != BITS) {
			cmd |= BITS;
			if (pwrite(fd, &cmd, 2, PCI_COMMAND) != 2) {
				perror(path);
				ret = 1;
			}
		}
		if (fd >= 0)
			close(fd);
	}
	return ret;
}
