"""Anchor k-means runs for bench/routing/kmeans-mmlu.ts, on the very vectors the lab clusters.

Run with Debian's interpreter (/usr/bin/python3: python3-faiss, python3-sklearn), one method per process:
  kmeans_anchors.py VECTORS N DIM METHOD K THREADS SEED [CENTERS_OUT]
VECTORS is row-major float32 (N x DIM, the lab's L2-normalised embeddings). METHOD is
  faiss    faiss.Kmeans, spherical, niter=50, nredo=10, every point used (max_points_per_centroid raised so FAISS
           does not subsample to 256 points per centroid), best redo by FAISS's own objective;
  sklearn  sklearn.cluster.KMeans, k-means++ (greedy), n_init=10, dense float32, lloyd.
THREADS caps OpenMP/BLAS threads (threadpoolctl; FAISS also through omp_set_num_threads).
Prints one JSON line: seconds (wall, fit only: no import, no loading), cpu_seconds (all threads), sse (squared euclidean distance of every vector to
the mean of its cluster, from the method's labels, the quantity the lab reports as inertia), iterations when the
method reports them. CENTERS_OUT, when given, receives the fitted centres (float32, K x DIM).
"""
import json
import sys
import time

import numpy as np
from threadpoolctl import threadpool_limits


def sse_of(x, labels, k):
    total = float(np.einsum("ij,ij->", x, x, dtype=np.float64))
    for c in range(k):
        members = x[labels == c]
        if len(members):
            s = members.sum(axis=0, dtype=np.float64)
            total -= float(s @ s) / len(members)
    return max(0.0, total)


def main():
    path, n, dim, method, k, threads, seed = sys.argv[1:8]
    n, dim, k, threads, seed = int(n), int(dim), int(k), int(threads), int(seed)
    x = np.fromfile(path, dtype=np.float32).reshape(n, dim)
    out = {"method": method, "k": k, "threads": threads}
    with threadpool_limits(limits=threads):
        if method == "faiss":
            import faiss

            faiss.omp_set_num_threads(threads)
            km = faiss.Kmeans(dim, k, niter=50, nredo=10, spherical=True, seed=seed, max_points_per_centroid=n, verbose=False)
            t, c = time.perf_counter(), time.process_time()
            km.train(x)
            out["seconds"], out["cpu_seconds"] = time.perf_counter() - t, time.process_time() - c
            _, labels = km.index.search(x, 1)
            labels = labels[:, 0]
            centers = km.centroids
            out["iterations"] = 50
        elif method == "sklearn":
            from sklearn.cluster import KMeans

            t, c = time.perf_counter(), time.process_time()
            km = KMeans(n_clusters=k, init="k-means++", n_init=10, random_state=seed, algorithm="lloyd").fit(x)
            out["seconds"], out["cpu_seconds"] = time.perf_counter() - t, time.process_time() - c
            labels = km.labels_
            centers = km.cluster_centers_
            out["iterations"] = int(km.n_iter_)
            out["sklearn_inertia"] = float(km.inertia_)
        else:
            raise SystemExit(f"method: expected faiss or sklearn, got {method!r}")
    out["sse"] = sse_of(x, labels, k)
    if len(sys.argv) > 8:
        np.ascontiguousarray(centers, dtype=np.float32).tofile(sys.argv[8])
    print(json.dumps(out))


if __name__ == "__main__":
    main()
