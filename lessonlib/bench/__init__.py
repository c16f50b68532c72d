"lessonlib's benchmarks, one module a topic (notebooks 90-97): `lessonlib bench` runs them."
