# make install: everything where Debian expects it. Included by the top
# Makefile. DESTDIR and PREFIX are honoured:
#   make install                      PREFIX=/usr/local (mk/common.mk)
#   make install PREFIX=/usr DESTDIR=/tmp/pkg
# Binaries: $(SBINDIR) (m3d, m3adm); library: $(LIBDIR) (with PREFIX=/usr,
# the multiarch directory); headers: $(INCLUDEDIR)/m3/{m3.h,m3ipc.h};
# pkg-config: $(LIBDIR)/pkgconfig/m3.pc; unit: $(UNITDIR)/m3d.service;
# example configuration: /etc/m3/m3d.conf (never overwritten) and
# $(DOCDIR)/examples; LDAP schema: $(DATADIR)/m3ipc/schema; man pages;
# module sources and dkms.conf: /usr/src/m3ipc-VERSION (kmod's
# dkms-install). `make install-module` also copies the built m3ipc.ko to
# /lib/modules/$(KVER)/extra and runs depmod (hosts without DKMS).
include $(TOP)/mk/common.mk

MULTIARCH  := $(shell gcc -print-multiarch 2>/dev/null)
ifeq ($(PREFIX),/usr)
LIBDIR     := /usr/lib/$(MULTIARCH)
endif
SBINDIR    ?= $(PREFIX)/sbin
DATADIR    ?= $(PREFIX)/share
MANDIR     ?= $(DATADIR)/man
DOCDIR     ?= $(DATADIR)/doc/m3ipc
UNITDIR    ?= $(PREFIX)/lib/systemd/system
SYSCONFDIR ?= /etc
KVER       ?= $(shell uname -r)
M3KO       ?= $(TOP)/kmod/m3ipc.ko
MODDIR     ?= /lib/modules
INSTALL    ?= install

.PHONY: install install-lib install-m3d install-data install-module

install: install-lib install-m3d install-data
	$(MAKE) -C $(TOP)/kmod dkms-install DESTDIR=$(DESTDIR)

install-lib:
	$(INSTALL) -d $(DESTDIR)$(LIBDIR)/pkgconfig $(DESTDIR)$(INCLUDEDIR)/m3
	$(INSTALL) -m 644 $(TOP)/libm3/libm3.a $(DESTDIR)$(LIBDIR)/
	$(INSTALL) -m 755 $(TOP)/libm3/libm3.so.1.0 $(DESTDIR)$(LIBDIR)/
	ln -sf libm3.so.1.0 $(DESTDIR)$(LIBDIR)/libm3.so.1
	ln -sf libm3.so.1 $(DESTDIR)$(LIBDIR)/libm3.so
	$(INSTALL) -m 644 $(TOP)/libm3/include/m3/m3.h $(DESTDIR)$(INCLUDEDIR)/m3/
	$(INSTALL) -m 644 $(TOP)/kmod/uapi/m3ipc.h $(DESTDIR)$(INCLUDEDIR)/m3/
	sed -e 's|@PREFIX@|$(PREFIX)|' -e 's|@LIBDIR@|$(LIBDIR)|' \
	    -e 's|@INCLUDEDIR@|$(INCLUDEDIR)|' -e 's|@VERSION@|$(M3_VERSION)|' \
	    $(TOP)/libm3/m3.pc.in > $(DESTDIR)$(LIBDIR)/pkgconfig/m3.pc

install-m3d:
	$(INSTALL) -d $(DESTDIR)$(SBINDIR) $(DESTDIR)$(UNITDIR)
	$(INSTALL) -m 755 $(TOP)/m3d/m3d $(TOP)/m3d/m3adm $(DESTDIR)$(SBINDIR)/
	sed 's|/usr/sbin/m3d|$(SBINDIR)/m3d|g' $(TOP)/systemd/m3d.service \
	    > $(DESTDIR)$(UNITDIR)/m3d.service
	chmod 644 $(DESTDIR)$(UNITDIR)/m3d.service

install-data:
	$(INSTALL) -d $(DESTDIR)$(SYSCONFDIR)/m3 $(DESTDIR)$(DOCDIR)/examples \
	    $(DESTDIR)$(DATADIR)/m3ipc/schema $(DESTDIR)$(MANDIR)/man3 \
	    $(DESTDIR)$(MANDIR)/man5 $(DESTDIR)$(MANDIR)/man8
	[ -e $(DESTDIR)$(SYSCONFDIR)/m3/m3d.conf ] || \
	    $(INSTALL) -m 644 $(TOP)/etc/m3d.conf $(DESTDIR)$(SYSCONFDIR)/m3/
	$(INSTALL) -m 644 $(TOP)/etc/m3d.conf $(TOP)/schema/example.ldif \
	    $(DESTDIR)$(DOCDIR)/examples/
	$(INSTALL) -m 644 $(TOP)/schema/m3.schema $(TOP)/schema/m3.ldif \
	    $(DESTDIR)$(DATADIR)/m3ipc/schema/
	$(INSTALL) -m 644 $(TOP)/man/m3d.8 $(TOP)/man/m3adm.8 $(DESTDIR)$(MANDIR)/man8/
	$(INSTALL) -m 644 $(TOP)/man/m3d.conf.5 $(DESTDIR)$(MANDIR)/man5/
	$(INSTALL) -m 644 $(TOP)/man/libm3.3 $(DESTDIR)$(MANDIR)/man3/
	$(INSTALL) -m 644 $(TOP)/docs/admin-m3d.md $(DESTDIR)$(DOCDIR)/

install-module:
	$(INSTALL) -d $(DESTDIR)$(MODDIR)/$(KVER)/extra
	$(INSTALL) -m 644 $(M3KO) $(DESTDIR)$(MODDIR)/$(KVER)/extra/m3ipc.ko
	[ -n "$(DESTDIR)" ] || depmod -a $(KVER)
