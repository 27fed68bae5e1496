"""Profile one page as a user gets it, uncached, in one process.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/kongsi_bench \\
    DJANGO_SETTINGS_MODULE=bench.settings DEBUG=0 SECRET_KEY=x \\
        python -m bench.profile_page [--user NAME | --busiest] [--runs 15]
        [--profile] [--sql] PATH [PATH ...]

Prints the median and p90 milliseconds of uncached GETs (the cache is emptied
before each, as ``bench/server_time.py`` does), the queries of one request and,
with ``--profile``, where the time goes (pyinstrument). ``--busiest`` picks the
scale member with the most orders, as the bench does. Reads only: it never
writes to the database but what a GET writes.
"""

import argparse
import os
import statistics
import sys
import time


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.profile_page")
    parser.add_argument("paths", nargs="+")
    parser.add_argument("--user", default="")
    parser.add_argument("--busiest", action="store_true")
    parser.add_argument("--runs", type=int, default=15)
    parser.add_argument("--profile", action="store_true")
    parser.add_argument("--sql", action="store_true")
    parser.add_argument("--warm", action="store_true", help="keep the cache")
    parser.add_argument(
        "--cprofile", action="store_true", help="CPU time by function (cProfile)"
    )
    parser.add_argument("--sort", default="cumulative", help="cProfile order")
    parser.add_argument("--lines", type=int, default=60, help="cProfile rows")
    args = parser.parse_args(argv)

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bench.settings")
    import django

    django.setup()
    import logging

    logging.getLogger("django.request").setLevel(logging.CRITICAL)
    from django.contrib.auth import get_user_model
    from django.core.cache import cache
    from django.db import connection
    from django.db.models import Count
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from community.models import Member

    client = Client()
    if args.busiest:
        member = (
            Member.objects.filter(full_name__startswith="Anggota Skala")
            .annotate(n=Count("orders"))
            .order_by("-n", "pk")
            .first()
        )
        client.force_login(member.user)
        print(f"user {member.user.username} ({member.n} orders)")
    elif args.user:
        client.force_login(get_user_model().objects.get(username=args.user))

    for path in args.paths:
        client.get(path)
        timings = []
        cpu = []
        status = None
        for _ in range(args.runs):
            if not args.warm:
                cache.clear()
            started = time.perf_counter()
            started_cpu = time.process_time()
            status = client.get(path).status_code
            timings.append((time.perf_counter() - started) * 1000)
            cpu.append((time.process_time() - started_cpu) * 1000)
        timings.sort()
        if not args.warm:
            cache.clear()
        with CaptureQueriesContext(connection) as queries:
            client.get(path)
        print(
            f"{path}: {status} median {statistics.median(timings):.1f} ms, "
            f"p90 {timings[int(0.9 * (len(timings) - 1))]:.1f} ms, "
            f"CPU of this process {statistics.median(cpu):.1f} ms, "
            f"{len(queries)} queries "
            f"({sum(float(q['time']) for q in queries) * 1000:.1f} ms SQL)"
        )
        if args.sql:
            for query in queries:
                print(f"  [{float(query['time']) * 1000:.1f} ms] {query['sql'][:400]}")
        if args.profile:
            from pyinstrument import Profiler

            profiler = Profiler(interval=0.001)
            profiler.start()
            for _ in range(args.runs):
                if not args.warm:
                    cache.clear()
                client.get(path)
            profiler.stop()
            print(profiler.output_text(unicode=True, color=False, show_all=False))
        if args.cprofile:
            import cProfile
            import pstats

            profile = cProfile.Profile(time.process_time)
            profile.enable()
            for _ in range(args.runs):
                if not args.warm:
                    cache.clear()
                client.get(path)
            profile.disable()
            stats = pstats.Stats(profile).strip_dirs().sort_stats(args.sort)
            stats.print_stats(args.lines)
    return 0


if __name__ == "__main__":
    sys.exit(main())
