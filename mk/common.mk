# Shared by every user-space Makefile.
CC      ?= gcc
AR      ?= ar
M3_CFLAGS ?= -O2 -g -std=gnu11 -Wall -Wextra -Werror -D_GNU_SOURCE
PREFIX  ?= /usr/local
LIBDIR  ?= $(PREFIX)/lib
INCLUDEDIR ?= $(PREFIX)/include
M3_VERSION := $(shell sh $(TOP)/mk/version.sh)
# Headers as programs see them: <m3/m3.h>, which includes "m3ipc.h".
M3_INC  := -I$(TOP)/libm3/include -I$(TOP)/kmod/uapi
