// SPDX-License-Identifier: GPL-2.0
/*
 * M3-IPC: vcopy, one copy between two address spaces.
 *
 * The remote side's pages are pinned up to 1024 at a time (as
 * process_vm_rw does) and mapped; the caller's own side is reached with
 * copy_{from,to}_user, so the data moves once and never through a bounce
 * buffer. When neither side is the caller (COPY2) both sides are pinned
 * and copied page to page; whole aligned pages go through copy_page().
 *
 * Consent: a party other than the caller must be blocked in a receive from
 * the caller or in a sendrec to it (the Minix server pattern). That is
 * checked, and the party's mm taken, under the party's exec_update_lock as
 * mm_access() does, so an exec cannot swap the program between the two.
 * Without consent the kernel copies nothing: -EPERM in a strict VM, else
 * -ENOCONSENT, on which libm3 copies with process_vm_readv/writev, whose
 * own ptrace check (LSMs included) decides. A module cannot ask the LSMs,
 * so it does not try to reproduce that rule.
 */
#include <linux/highmem.h>
#include <linux/mm.h>
#include <linux/sched/mm.h>
#include <linux/sched/signal.h>
#include <linux/sched/task.h>
#include <linux/slab.h>
#include <linux/uaccess.h>
#include <linux/uio.h>

#include "rcopy.h"
#include "m3_trace.h"

#define M3_STACK_PAGES	16	/* pages pinned at once without an allocation */
#define M3_MAX_BATCH	1024	/* with one (8 KiB), as process_vm_rw does */

/* The page array of one side: on the stack, or allocated for long copies. */
struct m3_batch {
	struct page **pages;
	long max;
	struct page *stack[M3_STACK_PAGES];
};

struct m3_party {
	struct mm_struct *mm;
	bool self;
};

static bool m3_consents(const struct m3_slot *x, int caller)
{
	unsigned int st = x->state;

	if ((st & M3_ST_RECEIVING) && x->getfrom == caller)
		return true;
	return (st & M3_ST_SENDING) && (st & M3_ST_SENDREC) &&
	       x->sendto == caller;
}

/*
 * @t was killed or is exiting: its consent is gone, but it stays bound until
 * the exit hook runs, after exit_mm() and maybe after a core dump. A copy
 * with it fails as with a dead peer, not as a refusal.
 */
static bool m3_task_dying(struct task_struct *t)
{
	return (READ_ONCE(t->flags) & PF_EXITING) || fatal_signal_pending(t) ||
	       (READ_ONCE(t->signal->flags) & SIGNAL_GROUP_EXIT);
}

static int m3_no_consent(const struct m3_vm *vm)
{
	return vm->params.flags & M3_VM_STRICT_COPY ? -EPERM : -ENOCONSENT;
}

/* The thread bound to @x as @ep, referenced, or NULL. */
static struct task_struct *m3_party_task(struct m3_slot *x, int ep)
{
	struct task_struct *t = NULL;

	raw_spin_lock(&x->lock);
	if (m3_alive(x, ep)) {
		t = x->task;
		get_task_struct(t);
	}
	raw_spin_unlock(&x->lock);
	return t;
}

/*
 * @t's mm if @x, still bound to @t as @ep, consents to a copy by @p. The
 * caller holds @t's exec_update_lock.
 */
static int m3_party_mm(struct m3_slot *p, struct m3_slot *x, int ep,
		       struct task_struct *t, struct mm_struct **mm)
{
	bool alive, consent;

	raw_spin_lock(&x->lock);
	alive = m3_alive(x, ep) && x->task == t;
	consent = alive && m3_consents(x, p->endpoint);
	raw_spin_unlock(&x->lock);
	if (!alive)
		return -EDEADSRCDST;
	if (!consent)
		return m3_task_dying(t) ? -EDEADSRCDST : m3_no_consent(p->vm);
	*mm = get_task_mm(t);
	return *mm ? 0 : -EDEADSRCDST;
}

static bool m3_range_bad(u64 addr, u64 len)
{
	return addr + len < addr || addr + len > TASK_SIZE_MAX;
}

/* Resolve one side of the copy and take a reference on its mm. */
static int m3_party_get(struct m3_slot *p, int ep, struct m3_party *pt)
{
	struct task_struct *t;
	struct m3_slot *x;
	int ret;

	pt->self = ep == M3_SELF || ep == p->endpoint;
	if (pt->self) {
		/* A caller of another node: its memory is there, not here. */
		if (p->remote)
			return -EBADSRCDST;
		pt->mm = current->mm;
		mmget(pt->mm);
		return 0;
	}
	ret = m3_ep_to_slot(p->vm, ep, &x);
	if (ret < 0)
		return ret;
	if (x->remote)
		return -EREMOTE;	/* see m3_vcopy() */
	t = m3_party_task(x, ep);
	if (!t)
		return -EDEADSRCDST;
	ret = down_read_killable(&t->signal->exec_update_lock);
	if (ret == 0) {
		ret = m3_party_mm(p, x, ep, t, &pt->mm);
		up_read(&t->signal->exec_update_lock);
	}
	put_task_struct(t);
	return ret;
}

/*
 * Pin @n pages of @mm from @addr. Faults may drop mmap_lock and wait, but
 * killably (as process_vm_rw does): a party whose page never comes (a
 * userfaultfd or FUSE file that never answers) cannot hang the caller.
 */
static long m3_pin(struct mm_struct *mm, unsigned long addr, long n,
		   bool write, struct page **pages)
{
	int locked = 1;
	long pinned;

	if (mmap_read_lock_killable(mm))
		return -EINTR;
	pinned = pin_user_pages_remote(mm, addr, n, write ? FOLL_WRITE : 0,
				       pages, &locked);
	if (locked)
		mmap_read_unlock(mm);
	return pinned;
}

/* The error of a pin that got nothing. */
static int m3_pin_error(void)
{
	return fatal_signal_pending(current) ? -EINTR : -EFAULT;
}

/*
 * Room for the pages of @len bytes at page offset @off, up to M3_MAX_BATCH;
 * the stack array when that is enough or the allocation fails.
 */
static void m3_batch_init(struct m3_batch *b, size_t off, size_t len)
{
	long want = min_t(u64, DIV_ROUND_UP((u64)off + len, PAGE_SIZE),
			  M3_MAX_BATCH);
	struct page **v = NULL;

	if (want > M3_STACK_PAGES)
		v = kmalloc_array(want, sizeof(*v), GFP_KERNEL | __GFP_NOWARN);
	b->pages = v ?: b->stack;
	b->max = v ? want : M3_STACK_PAGES;
}

static void m3_batch_fini(struct m3_batch *b)
{
	if (b->pages != b->stack)
		kfree(b->pages);
}

/*
 * @bytes between the caller's @local and the @pinned pages from @off on,
 * through an iov_iter as process_vm_rw does (no per-page hardened-usercopy
 * walk: the pages are not kernel objects). Bytes copied.
 */
static size_t m3_copy_batch(struct page **pages, long pinned, size_t off,
			    struct iov_iter *it, size_t bytes, bool to_remote)
{
	size_t done = 0;
	long i;

	for (i = 0; i < pinned && done < bytes; i++) {
		size_t n = min_t(size_t, PAGE_SIZE - off, bytes - done);
		size_t c = to_remote ? copy_page_from_iter(pages[i], off, n, it) :
				       copy_page_to_iter(pages[i], off, n, it);

		done += c;
		if (c != n)
			break;
		off = 0;
	}
	return done;
}

/* Between iterator @it and @raddr in @mm, in the direction asked. */
static int m3_copy_iter_remote(struct mm_struct *mm, unsigned long raddr,
			       struct iov_iter *it, size_t len, bool to_remote)
{
	size_t off = offset_in_page(raddr), bytes;
	unsigned long pa = raddr & PAGE_MASK;
	struct m3_batch b;
	long n, pinned;
	int ret = 0;

	m3_batch_init(&b, off, len);
	while (len && !ret) {
		n = min_t(long, DIV_ROUND_UP(off + len, PAGE_SIZE), b.max);
		pinned = m3_pin(mm, pa, n, to_remote, b.pages);
		if (pinned <= 0) {
			ret = m3_pin_error();
			break;
		}
		bytes = min_t(size_t, len, pinned * PAGE_SIZE - off);
		if (m3_copy_batch(b.pages, pinned, off, it, bytes,
				  to_remote) != bytes)
			ret = -EFAULT;
		unpin_user_pages_dirty_lock(b.pages, pinned, to_remote);
		len -= bytes;
		pa += pinned * PAGE_SIZE;
		off = 0;
	}
	m3_batch_fini(&b);
	return ret;
}

/* Between the caller's @local and @raddr in @mm, in the direction asked. */
static int m3_copy_user_remote(struct mm_struct *mm, unsigned long raddr,
			       char __user *local, size_t len, bool to_remote)
{
	struct iov_iter it;

	if (!access_ok(local, len))
		return -EFAULT;
	iov_iter_ubuf(&it, to_remote ? ITER_SOURCE : ITER_DEST, local, len);
	return m3_copy_iter_remote(mm, raddr, &it, len, to_remote);
}

/* Between kernel buffer @buf and @addr in @mm (copies across nodes). */
int m3_mm_kcopy(struct mm_struct *mm, unsigned long addr, void *buf,
		size_t len, bool to_mm)
{
	struct kvec v = { .iov_base = buf, .iov_len = len };
	struct iov_iter it;

	if (m3_range_bad(addr, len))
		return -EFAULT;
	iov_iter_kvec(&it, to_mm ? ITER_SOURCE : ITER_DEST, &v, 1, len);
	return m3_copy_iter_remote(mm, addr, &it, len, to_mm);
}

/* Copy within pinned pages: @n bytes from @sp at @soff to @dp at @doff. */
static void m3_copy_pages(struct page **sp, size_t soff, struct page **dp,
			  size_t doff, size_t n)
{
	while (n) {
		size_t si = soff >> PAGE_SHIFT, so = offset_in_page(soff);
		size_t di = doff >> PAGE_SHIFT, dof = offset_in_page(doff);
		size_t c = min3(PAGE_SIZE - so, PAGE_SIZE - dof, n);
		char *s = kmap_local_page(sp[si]);
		char *d = kmap_local_page(dp[di]);

		if (c == PAGE_SIZE)
			copy_page(d, s);
		else
			memcpy(d + dof, s + so, c);
		kunmap_local(d);
		kunmap_local(s);
		soff += c;
		doff += c;
		n -= c;
	}
}

/* COPY2: both sides pinned, a batch at a time. */
static int m3_copy_remote_remote(struct mm_struct *smm, unsigned long saddr,
				 struct mm_struct *dmm, unsigned long daddr,
				 size_t len)
{
	struct m3_batch sb, db;
	long ns, nd, gs, gd;
	size_t chunk;
	int ret = 0;

	/* A batch spans one page more than it copies when unaligned. */
	m3_batch_init(&sb, PAGE_SIZE, len);
	m3_batch_init(&db, PAGE_SIZE, len);
	chunk = (min(sb.max, db.max) - 1) * PAGE_SIZE;
	while (len && !ret) {
		size_t n = min(len, chunk);
		size_t so = offset_in_page(saddr), dof = offset_in_page(daddr);

		ns = DIV_ROUND_UP(so + n, PAGE_SIZE);
		nd = DIV_ROUND_UP(dof + n, PAGE_SIZE);
		gs = m3_pin(smm, saddr & PAGE_MASK, ns, false, sb.pages);
		gd = m3_pin(dmm, daddr & PAGE_MASK, nd, true, db.pages);
		if (gs == ns && gd == nd)
			m3_copy_pages(sb.pages, so, db.pages, dof, n);
		else
			ret = m3_pin_error();
		if (gs > 0)
			unpin_user_pages(sb.pages, gs);
		if (gd > 0)
			unpin_user_pages_dirty_lock(db.pages, gd, !ret);
		saddr += n;
		daddr += n;
		len -= n;
	}
	m3_batch_fini(&db);
	m3_batch_fini(&sb);
	return ret;
}

/*
 * For copies across nodes: the referenced mm of party @ep of a
 * copy by @p (the caller's own if *@self). Without consent -EPERM: the
 * ptrace alternative does not reach across nodes.
 */
int m3_party_mm_get(struct m3_slot *p, int ep, struct mm_struct **mm,
		    bool *self)
{
	struct m3_party pt;
	int ret = m3_party_get(p, ep, &pt);

	if (ret == -ENOCONSENT)
		return -EPERM;
	if (ret < 0)
		return ret;
	*mm = pt.mm;
	*self = pt.self;
	return 0;
}

static int m3_vcopy(struct m3_slot *p, const struct m3_vcopy_args *a)
{
	struct m3_party src, dst;
	int ret;

	if (a->len > m3_drvs.params.max_copy)
		return -E2BIG;
	if (m3_range_bad(a->src_addr, a->len) ||
	    m3_range_bad(a->dst_addr, a->len))
		return -EFAULT;
	if (m3_rcopy_needed(p, a))
		return m3_rcopy(p, a);
	ret = m3_party_get(p, a->src_ep, &src);
	if (ret < 0)
		return ret;
	ret = m3_party_get(p, a->dst_ep, &dst);
	if (ret < 0)
		goto out_src;
	ret = -EINVAL;
	if (src.mm == dst.mm && a->src_addr < a->dst_addr + a->len &&
	    a->dst_addr < a->src_addr + a->len && a->len)
		goto out;
	ret = 0;
	if (!a->len)
		goto out;
	if (dst.self)
		ret = m3_copy_user_remote(src.mm, a->src_addr,
					  u64_to_user_ptr(a->dst_addr),
					  a->len, false);
	else if (src.self)
		ret = m3_copy_user_remote(dst.mm, a->dst_addr,
					  u64_to_user_ptr(a->src_addr),
					  a->len, true);
	else
		ret = m3_copy_remote_remote(src.mm, a->src_addr, dst.mm,
					    a->dst_addr, a->len);
out:
	mmput(dst.mm);
out_src:
	mmput(src.mm);
	return ret;
}

long m3_ioctl_vcopy(void __user *arg)
{
	struct m3_vcopy_args a;
	struct m3_slot *p;
	int ret;

	if (copy_from_user(&a, arg, sizeof(a)))
		return -EFAULT;
	p = m3_current_get(&ret);
	if (!p)
		return ret;
	ret = m3_vcopy(p, &a);
	trace_m3_vcopy(p->vm->vmid, p->endpoint, a.src_ep, a.dst_ep, a.len,
		       ret);
	if (ret == 0) {
		p->st[M3_STAT_COPIES]++;
		p->st[M3_STAT_COPY_BYTES] += a.len;
	} else {
		p->st[M3_STAT_ERRORS]++;
	}
	m3_current_put(p);
	return ret;
}
