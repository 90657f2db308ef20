/* SPDX-License-Identifier: GPL-2.0 */
/*
 * M3-IPC tracepoints: one event per IPC operation, so that perf, trace-cmd
 * or bpftrace can follow messages (events:m3ipc:*).
 */
#undef TRACE_SYSTEM
#define TRACE_SYSTEM m3ipc

#if !defined(M3_TRACE_H) || defined(TRACE_HEADER_MULTI_READ)
#define M3_TRACE_H

#include <linux/tracepoint.h>

TRACE_EVENT(m3_drvs_init,
	TP_PROTO(int nodeid, u32 nr_nodes),
	TP_ARGS(nodeid, nr_nodes),
	TP_STRUCT__entry(__field(int, nodeid) __field(u32, nr_nodes)),
	TP_fast_assign(__entry->nodeid = nodeid;
		       __entry->nr_nodes = nr_nodes;),
	TP_printk("nodeid=%d nr_nodes=%u", __entry->nodeid, __entry->nr_nodes)
);

TRACE_EVENT(m3_drvs_end,
	TP_PROTO(int ret),
	TP_ARGS(ret),
	TP_STRUCT__entry(__field(int, ret)),
	TP_fast_assign(__entry->ret = ret;),
	TP_printk("ret=%d", __entry->ret)
);

TRACE_EVENT(m3_vm_init,
	TP_PROTO(int vmid, int max_procs),
	TP_ARGS(vmid, max_procs),
	TP_STRUCT__entry(__field(int, vmid) __field(int, max_procs)),
	TP_fast_assign(__entry->vmid = vmid;
		       __entry->max_procs = max_procs;),
	TP_printk("vm=%d max_procs=%d", __entry->vmid, __entry->max_procs)
);

TRACE_EVENT(m3_vm_end,
	TP_PROTO(int vmid),
	TP_ARGS(vmid),
	TP_STRUCT__entry(__field(int, vmid)),
	TP_fast_assign(__entry->vmid = vmid;),
	TP_printk("vm=%d", __entry->vmid)
);

TRACE_EVENT(m3_bind,
	TP_PROTO(int vmid, int ep, pid_t pid),
	TP_ARGS(vmid, ep, pid),
	TP_STRUCT__entry(__field(int, vmid) __field(int, ep)
			 __field(pid_t, pid)),
	TP_fast_assign(__entry->vmid = vmid; __entry->ep = ep;
		       __entry->pid = pid;),
	TP_printk("vm=%d ep=%d pid=%d", __entry->vmid, __entry->ep,
		  __entry->pid)
);

TRACE_EVENT(m3_unbind,
	TP_PROTO(int vmid, int ep, pid_t pid, int why),
	TP_ARGS(vmid, ep, pid, why),
	TP_STRUCT__entry(__field(int, vmid) __field(int, ep)
			 __field(pid_t, pid) __field(int, why)),
	TP_fast_assign(__entry->vmid = vmid; __entry->ep = ep;
		       __entry->pid = pid; __entry->why = why;),
	TP_printk("vm=%d ep=%d pid=%d why=%d", __entry->vmid, __entry->ep,
		  __entry->pid, __entry->why)
);

TRACE_EVENT(m3_send,
	TP_PROTO(int vmid, int src, int dst, int type, int ret),
	TP_ARGS(vmid, src, dst, type, ret),
	TP_STRUCT__entry(__field(int, vmid) __field(int, src)
			 __field(int, dst) __field(int, type)
			 __field(int, ret)),
	TP_fast_assign(__entry->vmid = vmid; __entry->src = src;
		       __entry->dst = dst; __entry->type = type;
		       __entry->ret = ret;),
	TP_printk("vm=%d src=%d dst=%d type=%d ret=%d", __entry->vmid,
		  __entry->src, __entry->dst, __entry->type, __entry->ret)
);

TRACE_EVENT(m3_receive,
	TP_PROTO(int vmid, int ep, int from, int src, int type, int ret),
	TP_ARGS(vmid, ep, from, src, type, ret),
	TP_STRUCT__entry(__field(int, vmid) __field(int, ep)
			 __field(int, from) __field(int, src)
			 __field(int, type) __field(int, ret)),
	TP_fast_assign(__entry->vmid = vmid; __entry->ep = ep;
		       __entry->from = from; __entry->src = src;
		       __entry->type = type; __entry->ret = ret;),
	TP_printk("vm=%d ep=%d from=%d src=%d type=%d ret=%d", __entry->vmid,
		  __entry->ep, __entry->from, __entry->src, __entry->type,
		  __entry->ret)
);

TRACE_EVENT(m3_notify,
	TP_PROTO(int vmid, int src, int dst, int ret),
	TP_ARGS(vmid, src, dst, ret),
	TP_STRUCT__entry(__field(int, vmid) __field(int, src)
			 __field(int, dst) __field(int, ret)),
	TP_fast_assign(__entry->vmid = vmid; __entry->src = src;
		       __entry->dst = dst; __entry->ret = ret;),
	TP_printk("vm=%d src=%d dst=%d ret=%d", __entry->vmid, __entry->src,
		  __entry->dst, __entry->ret)
);

TRACE_EVENT(m3_deadlock,
	TP_PROTO(int vmid, int ep, int on),
	TP_ARGS(vmid, ep, on),
	TP_STRUCT__entry(__field(int, vmid) __field(int, ep)
			 __field(int, on)),
	TP_fast_assign(__entry->vmid = vmid; __entry->ep = ep;
		       __entry->on = on;),
	TP_printk("vm=%d ep=%d on=%d", __entry->vmid, __entry->ep,
		  __entry->on)
);

TRACE_EVENT(m3_vcopy,
	TP_PROTO(int vmid, int caller, int src, int dst, u64 len, int ret),
	TP_ARGS(vmid, caller, src, dst, len, ret),
	TP_STRUCT__entry(__field(int, vmid) __field(int, caller)
			 __field(int, src) __field(int, dst)
			 __field(u64, len) __field(int, ret)),
	TP_fast_assign(__entry->vmid = vmid; __entry->caller = caller;
		       __entry->src = src; __entry->dst = dst;
		       __entry->len = len; __entry->ret = ret;),
	TP_printk("vm=%d caller=%d src=%d dst=%d len=%llu ret=%d",
		  __entry->vmid, __entry->caller, __entry->src, __entry->dst,
		  __entry->len, __entry->ret)
);

#endif /* M3_TRACE_H */

#undef TRACE_INCLUDE_PATH
#define TRACE_INCLUDE_PATH .
#undef TRACE_INCLUDE_FILE
#define TRACE_INCLUDE_FILE m3_trace
#include <trace/define_trace.h>
