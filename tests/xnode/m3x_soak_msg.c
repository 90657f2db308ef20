// SPDX-License-Identifier: GPL-2.0
/* m3x soak: what a request and its reply carry (fields: m3x_soak.h). */
#include <string.h>

#include "m3x_soak.h"

/* Request @seq of @op from @self to @dst, unsealed; m_source forged. */
void xs_msg_make(message *m, int op, int self, int dst, uint32_t seq)
{
	memset(m, 0, sizeof(*m));
	m->m_source = M3X_FORGED;
	m->m_type = op;
	m->m_u.m_u64[XS_F_SEQ] = seq | (uint64_t)op << 32;
	m->m_u.m_u64[XS_F_EPS] = (uint32_t)self | (uint64_t)(uint32_t)dst << 32;
}

/* A checksum of m_type and the payload's words but the checksum's. */
static uint64_t xs_msg_sum(const message *m)
{
	uint64_t h = xs_mix((uint32_t)m->m_type);
	int i;

	for (i = 0; i < XS_F_SUM; i++)
		h = xs_mix(h ^ m->m_u.m_u64[i]);
	return h;
}

void xs_msg_seal(message *m)
{
	m->m_u.m_u64[XS_F_SUM] = xs_msg_sum(m);
}

int xs_msg_ok(const message *m)
{
	return m->m_u.m_u64[XS_F_SUM] == xs_msg_sum(m);
}

int xs_msg_op(const message *m)
{
	return (int)(m->m_u.m_u64[XS_F_SEQ] >> 32);
}

uint32_t xs_msg_seq(const message *m)
{
	return (uint32_t)m->m_u.m_u64[XS_F_SEQ];
}

int xs_msg_sender(const message *m)
{
	return (int)(uint32_t)m->m_u.m_u64[XS_F_EPS];
}

int xs_msg_receiver(const message *m)
{
	return (int)(m->m_u.m_u64[XS_F_EPS] >> 32);
}

/* Is @op a send (no answer)? */
int xs_op_sends(int op)
{
	return op == XS_SEND || op == XS_SEND_T;
}

/* Does @op give up after a few ms? */
int xs_op_short(int op)
{
	return op == XS_MSG_T || op == XS_SEND_T;
}
