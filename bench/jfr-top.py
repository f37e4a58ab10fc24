#!/usr/bin/env python3
"""Aggregates `jfr print --events jdk.ExecutionSample` output: the leaf frames, and the share of
samples whose stack contains a frame of each given package prefix (inclusive time)."""
import re, sys, collections
text = open(sys.argv[1]).read()
groups = sys.argv[2:] or ['io.jsonwebtoken', 'com.fasterxml.jackson', 'tools.jackson', 'io.lettuce',
    'org.springframework.data.redis', 'reactor.netty', 'io.netty', 'org.springframework.web',
    'io.stagedoor', 'javax.crypto', 'sun.security', 'java.util.Base64']
samples = [s for s in text.split('jdk.ExecutionSample') if 'stackTrace' in s]
leaf = collections.Counter(); incl = collections.Counter()
for s in samples:
    frames = re.findall(r'^\s+([\w.$<>]+)\(', s, re.M)
    if not frames: continue
    leaf[frames[0]] += 1
    for g in groups:
        if any(f.startswith(g) for f in frames): incl[g] += 1
n = len(samples)
print(f"{n} samples")
print("inclusive (stack contains):")
for g, c in incl.most_common(): print(f"  {100*c/n:5.1f}%  {g}")
print("top leaf frames:")
for f, c in leaf.most_common(15): print(f"  {100*c/n:5.1f}%  {f}")
