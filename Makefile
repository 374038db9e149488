# vmlan - one non-recursive build.
#   make          CP image (ELF + map + listing, flat binary, IPL card deck), host tools, bin/vmlan
#   make run      boot the default system, operator console on this terminal
#   make test     every test: CUnit, fuzz smoke runs, end-to-end scripts under Hercules
#   make fuzz     libFuzzer harnesses, FUZZ_SECONDS each (default 60)
#   make bench    benchmarks under Hercules; "name value unit" lines in build/bench.txt
# Missing Debian packages are installed with apt-get (as root) by the deps step.

B       := build
CROSS   ?= s390x-linux-gnu-
TCC     := $(CROSS)gcc
TOBJCOPY:= $(CROSS)objcopy
TOBJDUMP:= $(CROSS)objdump
TNM     := $(CROSS)nm
MARCH   := z10
VERSION := 0.1.0

# Every Debian package the build, the tests and `make run` use.
DEB_PKGS := make gcc libc6-dev gcc-s390x-linux-gnu binutils-s390x-linux-gnu hercules \
            libcunit1-dev clang libclang-rt-14-dev iproute2 util-linux telnet \
            iputils-ping socat tcpdump

WARN    := -Wall -Wextra -Werror -Wshadow -Wconversion -Wno-sign-conversion
TCFLAGS := -m64 -march=$(MARCH) -mtune=$(MARCH) -O2 -g $(WARN) -std=gnu11 \
           -ffreestanding -fno-builtin -nostdlib -fno-pic -fno-pie \
           -fno-stack-protector -fno-asynchronous-unwind-tables \
           -fno-tree-loop-distribute-patterns -msoft-float -mno-backchain \
           -fno-common --param=min-pagesize=0 -I. -Iinclude -DVMLAN_TARGET=1 \
           -DVMLAN_VERSION='"$(VERSION)"'
TASFLAGS:= -m64 -march=$(MARCH) -I. -Iinclude -DVMLAN_TARGET=1
TLDFLAGS:= -nostdlib -static -no-pie -Wl,-T,cp/link.ld -Wl,--build-id=none \
           -Wl,-z,max-page-size=4096 -Wl,-z,noexecstack -Wl,--no-warn-rwx-segments \
           -Wl,-Map,$(B)/cp.map

HCC     := gcc
HCFLAGS := -O2 -g $(WARN) -std=gnu11 -I. -Iinclude -D_GNU_SOURCE -DVMLAN_VERSION='"$(VERSION)"'
FCC     := clang
FCFLAGS := -g -O1 -fsanitize=fuzzer,address,undefined -I. -Iinclude -D_GNU_SOURCE

# ---- sources --------------------------------------------------------------
# Pure code: built for the CP image and for the host tests/fuzzers alike.
PURE_SRC := lib/fmt.c lib/tod.c lib/ebcdic.c lib/name.c lib/inet.c lib/ipv4.c cp/cmd/parse.c cp/cmd/msgcat.c cp/cmd/respond.c \
            cp/cmd/commands.c cp/cmd/vmcmds.c cp/cmd/lancmds.c cp/cmd/niccmds.c cp/cmd/vswcmds.c \
            cp/vm/frames.c cp/vm/gstore.c cp/vm/vio.c cp/vm/vcon.c cp/vm/vnic.c cp/vm/directory.c \
            qdio/slsb.c qdio/pdu.c qdio/qdr.c qdio/osa.c qdio/osadata.c qdio/qbuf.c qdio/qdrv.c \
            guestlan/lan.c guestlan/route.c osa/lcs.c osa/arp.c osa/uplink.c
# Target-only code.
CP_ASM   := ipl/start.S cp/arch/entry.S cp/vm/cmsimg.S
CP_SRC   := lib/string.c $(wildcard cp/arch/*.c cp/io/*.c) cp/vm/vm.c cp/vm/dispatch.c \
            cp/vm/intercept.c cp/vm/vnet.c cp/main.c
CP_OBJ   := $(CP_ASM:%.S=$(B)/t/%.o) $(CP_SRC:%.c=$(B)/t/%.o) $(PURE_SRC:%.c=$(B)/t/%.o)

# CMS, the guest nucleus (cms-tools/): its own image, embedded in the CP image.
CMS_ASM  := $(wildcard cms-tools/*.S)
CMS_SRC  := $(wildcard cms-tools/*.c)
CMS_LIB  := lib/string.c lib/fmt.c lib/tod.c lib/ebcdic.c lib/name.c lib/inet.c lib/ipv4.c cp/cmd/parse.c qdio/pdu.c qdio/qdrv.c
CMS_OBJ  := $(CMS_ASM:%.S=$(B)/t/%.o) $(CMS_SRC:%.c=$(B)/t/%.o) $(CMS_LIB:%.c=$(B)/t/%.o)
CMS_LDFLAGS := -nostdlib -static -no-pie -Wl,-T,cms-tools/link.ld -Wl,--build-id=none \
           -Wl,-z,max-page-size=4096 -Wl,-z,noexecstack -Wl,--no-warn-rwx-segments \
           -Wl,-Map,$(B)/cms.map

# Host launcher/runner: every .c in tools/vmlan; its pure parts are also tested.
VMLAN_SRC  := $(wildcard tools/vmlan/*.c)
VMLAN_PURE := $(filter tools/vmlan/script.c tools/vmlan/telnet_codec.c,$(VMLAN_SRC))

UNIT_SRC := $(wildcard tests/unit/*.c)
FUZZERS  := $(patsubst tests/fuzz/%.c,$(B)/fuzz/%,$(wildcard tests/fuzz/*.c))

all: deps $(B)/cp.deck $(B)/cp.lst $(B)/cms.lst bin/vmlan $(B)/mkdeck

# ---- Debian packages ------------------------------------------------------
deps:
	@missing=; for p in $(DEB_PKGS); do \
	  dpkg-query -W -f='$${Status}' $$p 2>/dev/null | grep -q 'ok installed' || missing="$$missing $$p"; \
	done; \
	if [ -n "$$missing" ]; then \
	  if [ "$$(id -u)" != 0 ]; then \
	    echo "vmlan: missing Debian packages:$$missing - run make as root to install them"; exit 1; fi; \
	  echo "vmlan: installing$$missing"; \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing >/dev/null || exit 1; \
	fi

# ---- CP image ---------------------------------------------------------------
$(B)/t/%.o: %.S
	@mkdir -p $(dir $@)
	$(TCC) $(TASFLAGS) -MMD -c $< -o $@
$(B)/t/%.o: %.c
	@mkdir -p $(dir $@)
	$(TCC) $(TCFLAGS) -MMD -c $< -o $@

# The CMS nucleus is embedded in the CP image.
$(B)/t/cp/vm/cmsimg.o: $(B)/cms.bin

# Build stamp: a fresh object each link, so QUERY CPLEVEL shows when it was generated.
$(B)/t/buildinfo.o: $(filter-out $(B)/t/buildinfo.o,$(CP_OBJ)) cp/link.ld
	@mkdir -p $(dir $@)
	printf 'const char cp_build_time[] = "%s";\n' "$$(date -u '+%m/%d/%y %H:%M:%S')" > $(B)/t/buildinfo.c
	$(TCC) $(TCFLAGS) -c $(B)/t/buildinfo.c -o $@

$(B)/cp.elf: $(CP_OBJ) $(B)/t/buildinfo.o cp/link.ld
	$(TCC) $(TCFLAGS) $(TLDFLAGS) $(CP_OBJ) $(B)/t/buildinfo.o -lgcc -o $@
$(B)/cp.bin: $(B)/cp.elf
	$(TOBJCOPY) -O binary $< $@
$(B)/cp.lst: $(B)/cp.elf
	$(TOBJDUMP) -d -S $< > $@
	$(TNM) -n $< > $(B)/cp.sym
$(B)/cp.deck: $(B)/cp.bin $(B)/mkdeck $(B)/cp.elf
	$(B)/mkdeck $(B)/cp.bin $@ 0x10000 0x$$($(TNM) $(B)/cp.elf | awk '$$3=="_start"{print $$1}')

# ---- CMS image ------------------------------------------------------------
$(B)/cms.elf: $(CMS_OBJ) cms-tools/link.ld
	$(TCC) $(TCFLAGS) $(CMS_LDFLAGS) $(CMS_OBJ) -lgcc -o $@
$(B)/cms.bin: $(B)/cms.elf
	$(TOBJCOPY) -O binary $< $@
$(B)/cms.lst: $(B)/cms.elf
	$(TOBJDUMP) -d -S $< > $@
	$(TNM) -n $< > $(B)/cms.sym

# ---- host tools ---------------------------------------------------------------
$(B)/mkdeck: ipl/mkdeck.c
	@mkdir -p $(B)
	$(HCC) $(HCFLAGS) $< -o $@

$(B)/h/%.o: %.c
	@mkdir -p $(dir $@)
	$(HCC) $(HCFLAGS) -MMD -c $< -o $@

bin/vmlan: $(VMLAN_SRC:%.c=$(B)/h/%.o)
	@mkdir -p bin
	$(HCC) $(HCFLAGS) $^ -o $@

# ---- tests --------------------------------------------------------------------
$(B)/unit_tests: $(UNIT_SRC:%.c=$(B)/h/%.o) $(PURE_SRC:%.c=$(B)/h/%.o) $(VMLAN_PURE:%.c=$(B)/h/%.o)
	$(HCC) $(HCFLAGS) $^ -lcunit -o $@

$(B)/fuzz/%: tests/fuzz/%.c tests/fuzz/support/port_assert.c $(PURE_SRC) $(VMLAN_PURE)
	@mkdir -p $(dir $@)
	$(FCC) $(FCFLAGS) $< tests/fuzz/support/port_assert.c $(PURE_SRC) $(VMLAN_PURE) -o $@

FUZZ_SECONDS ?= 60
fuzz: deps $(FUZZERS)
	@for f in $(FUZZERS); do echo "fuzz: $$f ($(FUZZ_SECONDS) s)"; \
	  mkdir -p $(B)/corpus/$$(basename $$f); \
	  $$f -max_total_time=$(FUZZ_SECONDS) -print_final_stats=0 $(B)/corpus/$$(basename $$f) 2>&1 | tail -1 || exit 1; done

E2E_SCRIPTS := $(sort $(wildcard tests/scripts/*.vmlan))

test: all $(B)/unit_tests $(FUZZERS)
	@$(MAKE) --no-print-directory fuzz FUZZ_SECONDS=3
	$(B)/unit_tests
	@$(MAKE) --no-print-directory test-crash
	bin/vmlan test $(E2E_SCRIPTS)

# A CP that stops must fail a run at once: 8 MB of real storage makes CP stop
# with VML9006S and the disabled-wait code 232E0008 before its first Ready.
test-crash: all
	@out=$$(timeout 60 bin/vmlan run --storage 8 --script tests/scripts/shutdown.vmlan 2>&1); rc=$$?; \
	if [ $$rc -eq 1 ] && echo "$$out" | grep -q 'VML9006S Real storage 8192K is below the 16384K CP needs' \
	   && echo "$$out" | grep -q 'PSW=00020001 80000000 00000000232E0008'; then \
	  echo "crash check: a CP that stops (VML9006S, wait code 232E0008) failed the run, as it must"; \
	else echo "$$out"; echo "crash check: FAILED (rc $$rc)"; exit 1; fi

# Benchmarks: each tools/bench script prints "name value unit" lines (and
# udp.sh its table on stderr): NIC bring-up, guest-to-guest UDP, ping;
# uplink.sh: host <-> guest through the VSWITCH's LCS uplink, and a raw
# host <-> host (veth) baseline.
BENCH_RUNS ?= 20
BENCH_UDP_64 ?= 40000
$(B)/udpblast: tools/bench/udpblast.c
	@mkdir -p $(B)
	$(HCC) $(HCFLAGS) $< -o $@

bench: all $(B)/udpblast
	@tools/bench/ifconfig.sh $(B)/bench $(BENCH_RUNS) > $(B)/bench.txt.new
	@tools/bench/udp.sh $(B)/bench $(BENCH_UDP_64) >> $(B)/bench.txt.new
	@tools/bench/uplink.sh $(B)/bench $(CURDIR)/$(B)/udpblast >> $(B)/bench.txt.new
	@mv $(B)/bench.txt.new $(B)/bench.txt
	@echo "bench: $$(wc -l < $(B)/bench.txt) figures in $(B)/bench.txt"

run: all
	bin/vmlan run

clean:
	rm -rf $(B) bin

.PHONY: all deps test test-crash fuzz bench run clean
-include $(shell find $(B) -name '*.d' 2>/dev/null)
