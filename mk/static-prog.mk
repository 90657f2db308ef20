# A static program for the test guest (its initramfs has no C library),
# linked with libm3.a and pthreads. Set PROG, SRCS and HDRS, then include
# this fragment: it gives `all` and `clean`.
include $(TOP)/mk/common.mk

all: $(PROG)

$(PROG): $(SRCS) $(HDRS) $(TOP)/libm3/libm3.a
	$(CC) $(M3_CFLAGS) $(M3_INC) -pthread -static -o $@ $(SRCS) $(TOP)/libm3/libm3.a -lpthread

clean:
	rm -f $(PROG)

.PHONY: all clean
