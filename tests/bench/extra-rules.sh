#!/bin/sh
# extra-rules.sh N - the built-in rules and N more keyword rules, each with
# three made-up Dutch-looking words, for measuring that classification
# does not slow down with the number of rules.
n=${1:-1000}
samenspel-classify --dump-rules
awk -v n="$n" 'BEGIN {
	split("b d f g h k l m n p r s t v w z", c, " ")
	split("a e i o u aa ee oo ie ou", v, " ")
	seed = 7
	for (i = 1; i <= n; i++) {
		line = "text,word,"
		for (k = 1; k <= 3; k++) {
			w = ""
			for (s = 1; s <= 4; s++) {
				seed = (seed * 1103515245 + 12345) % 2147483648
				w = w c[1 + int(seed / 65536) % 16]
				seed = (seed * 1103515245 + 12345) % 2147483648
				w = w v[1 + int(seed / 65536) % 10]
			}
			line = line (k > 1 ? "|" : "") w
		}
		printf "%s,%d,0.5,extra regel %d,extra rule %d\n", line,
		    1 + i % 4, i, i
	}
}'
