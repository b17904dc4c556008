# shellcheck shell=bash
# Helpers for the scenarios driven by the example live update agent
# (tools/pci-lu/examples/pci-lu-agent.c, /usr/bin/pci-lu-agent in the guest):
#   load ../lib/common; load ../lib/pcilu; load ../lib/agent
# `pci-lu-agent check` prints one line per edu whose DMA it left in flight:
#   DMA <bdf> landed|lost <same>/<total> bytes (RAM 0x...[, still zero]; edu ...)

# every one of the 2048 bytes arrived, and edu says its DMA ran
agent_assert_landed() {
	assert_line --regexp "^DMA 0000:$1 landed 2048/2048 bytes \(RAM 0x[0-9a-f]+; edu idle: the DMA ran\)$"
}

# none arrived (the landing page is still all zeros) although edu ran it
agent_assert_lost() {
	assert_line --regexp "^DMA 0000:$1 lost 0/2048 bytes \(RAM 0x[0-9a-f]+, still zero; edu idle: the DMA ran\)$"
}

# both edus: memory decode and Bus Master Enable on, one DMA round trip each
agent_devices_ready() {
	local b
	for b in 03:00.0 04:00.0; do
		pcilu_enable_dma "$b"
		edu-dma -q "$b"
	done
}
