# M3-IPC top-level Makefile.
#   make            build the module, libm3, m3d/m3adm, tests and benchmarks
#   make deps       install the Debian packages the build and tests need
#   make check      deps + build + every test (host units, LDAP, guest)
#   make demo       boot a guest and show two processes talking
#   make demo-cluster  boot two guests: a client on one node, its server
#                   on the other, m3adm status on both
#   make bench      run the micro-benchmarks in a guest
#   make bench-cluster  M3's calls between two guests against raw TIPC and
#                   TCP, in one interleaved run (bench/cluster/run.sh)
#   make check-debug  the guest suite on a debug kernel (KASAN, lockdep...),
#                   then the cross-node suite and the wire fuzzer on
#                   guests of that kernel (check-debug-cluster)
#   make check-debug-cluster  the cross-node part alone (tests/debug/cluster.sh)
#   make fuzz-cluster  the wire fuzzer on three guests beside genuine
#                   traffic (tests/xnode/run.sh fuzz; M3_FUZZ_SECS, M3_FUZZ_SEED)
#   make soak-cluster  the soak on three guests: calls and copies across
#                   nodes while members, a link, a node and m3d are killed
#                   (tests/xnode/run.sh soak; M3_SOAK_SECS, default 180)
#   make install    DESTDIR=... PREFIX=... (see mk/install.mk)

TOP := $(abspath .)
export TOP

SUBDIRS := kmod libm3 m3d tests bench-build

.PHONY: all deps check demo demo-cluster bench bench-cluster check-debug check-debug-cluster fuzz-cluster soak-cluster clean $(SUBDIRS)

all: $(SUBDIRS)

kmod:
	$(MAKE) -C kmod

libm3:
	$(MAKE) -C libm3

m3d: libm3
	$(MAKE) -C m3d

tests: libm3
	$(MAKE) -C tests

bench-build: libm3
	$(MAKE) -C bench

deps:
	bash tests/deps.sh

check: deps
	$(MAKE) all
	bash mk/checkpatch.sh
	bash mk/sparse.sh
	bash tests/run-all.sh

demo: deps
	$(MAKE) all
	bash tests/qemu/demo.sh

demo-cluster: deps
	$(MAKE) all
	bash tests/qemu/demo-cluster.sh

bench: deps
	$(MAKE) all
	bash bench/run.sh

bench-cluster: deps
	$(MAKE) all
	bash bench/cluster/run.sh

check-debug: deps
	$(MAKE) all
	bash tests/debug/run.sh
	bash tests/debug/cluster.sh

check-debug-cluster: deps
	$(MAKE) all
	bash tests/debug/cluster.sh

fuzz-cluster: deps
	$(MAKE) all
	bash tests/xnode/run.sh -o results/xnode-fuzz fuzz

soak-cluster: deps
	$(MAKE) all
	bash tests/xnode/run.sh -o results/xnode-soak soak

clean:
	for d in kmod libm3 m3d tests bench; do $(MAKE) -C $$d clean; done

-include mk/install.mk
