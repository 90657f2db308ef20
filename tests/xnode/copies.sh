# vcopy with parties on the other node (sourced after xlib.sh), two
# nodes, VM 1 as in calls.sh. Each node runs a caller with a party on the
# other node and one beside it (both consenting: in a sendrec to it): it
# reads and writes each party's buffer (COPY1) and copies the remote
# party's into the local one's (COPY2), 1 MiB + 3 bytes at odd addresses.
# A party that does not consent (it receives from ANY) is neither read
# nor written: EPERM.
VCOPY_SIZE=1048579

phase_vcopy() {
	if on 0; then
		start cc78 $X vcopy caller 78 $VCOPY_SIZE 37 80
		start cp80 $X vcopy party 80 78 $VCOPY_SIZE
		start cp82 $X vcopy party 82 43 $VCOPY_SIZE
		start cr84 $X vcopy refused 84 $VCOPY_SIZE
		finish cc78 vcopy_copy1_copy2_with_remote_party_node0
		finish cp80 vcopy_local_party_written_node0
		finish cp82 vcopy_party_written_by_remote_caller_node0
		finish cr84 vcopy_without_remote_consent_eperm
	else
		start cc43 $X vcopy caller 43 $VCOPY_SIZE 82 45
		start cp45 $X vcopy party 45 43 $VCOPY_SIZE
		start cp37 $X vcopy party 37 78 $VCOPY_SIZE
		start ci47 $X vcopy idle 47 84 $VCOPY_SIZE
		finish cc43 vcopy_copy1_copy2_with_remote_party_node1
		finish cp45 vcopy_local_party_written_node1
		finish cp37 vcopy_party_written_by_remote_caller_node1
		finish ci47 vcopy_refused_party_untouched
	fi
	m3c_barrier vcopy
}
