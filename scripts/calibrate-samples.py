#!/usr/bin/env python3
"""Writes a GENERATED example measurement set for `vdcsim calibrate` into DIR, in each tool's
published format, from chosen parameters plus noise (seeded): boot 9.2 s, dirty rate
8,000 pages/s over a 1 Gbit/s link, exit handling 0.9 us over a 16 s recording, guest slowdown 1.06, fio 4 KiB
random reads (80 us native, 105 us guest).  Real measurements: see docs/calibrate.md.
usage: calibrate-samples.py DIR [SEED]"""
import json, os, random, sys

d = sys.argv[1]; random.seed(int(sys.argv[2]) if len(sys.argv) > 2 else 7)
os.makedirs(d, exist_ok=True)
w = lambda name, text: open(os.path.join(d, name), "w").write(text)
for i in range(5):
    k, u = 1.1 + random.uniform(-.1, .1), 7.3 + random.uniform(-.4, .4)
    w("boot-%d.txt" % (i + 1), "Startup " "finished in %.3fs (kernel) + %.3fs (initrd) + %.3fs "
      "(userspace) = %.3fs \ngraphical.target reached after %.3fs in userspace.\n"
      % (k, 0.8, u, k + 0.8 + u, u - .1))
total, bw, lines, page = 8 << 30, 125e6, [], 4096
for i in range(40):
    sent = int(bw * (i + 1)); rate = 8000 * (1 + random.uniform(-.03, .03))
    lines.append(json.dumps({"return": {"status": "active", "total-time": 1000 * (i + 1),
        "setup-time": 5, "expected-downtime": 300, "ram": {"transferred": sent,
        "remaining": max(total - sent, 0) + int(rate * page), "total": total, "duplicate": 0,
        "skipped": 0, "normal": sent // page, "normal-bytes": sent // page * page,
        ("dirty-pages" "-rate"): round(rate), "mbps": 1000.0, "dirty-sync-count": 1 + i // 10,
        "page-size": page, "multifd-bytes": 0, "pages-per-second": int(bw / page)}}}))
w("query-migrate.jsonl", "".join(l + "\n" for l in lines))
# the recording's length, written by the documented command before the report itself
w("kvm-stat.txt", """# duration: 16 s

Analyze events for all VMs, all VCPUs:

             VM-EXIT    Samples  Samples%     Time%    Min Time    Max Time         Avg time 

           MSR_WRITE      90210    45.10%     0.30%      0.41us     40.12us      0.80us ( +-   0.20% )
                 HLT      60110    30.05%    99.50%      0.60us  30112.40us    480.20us ( +-   0.80% )
  EXTERNAL_INTERRUPT      30050    15.02%     0.05%      0.31us     90.33us      0.95us ( +-   1.10% )
       EPT_VIOLATION      19650     9.82%     0.15%      0.90us     60.20us      1.10us ( +-   1.50% )

Total Samples:200020, Total events handled time:29002345.67us.
""")
for side, cyc, tlb, walk in (("native", 60e9, 80e6, 2.4e9), ("guest", 63.6e9, 82e6, 5.6e9)):
    w("%s-perfstat.csv" % side, "# started on Thu Jan  1 00:00:00 2026\n\n"
      "20000.12,msec,task-clock,20000120000,100.00,1.000,CPUs utilized\n"
      "%d,,cycles,20000120000,100.00,3.000,GHz\n%d,,instructions,20000120000,100.00,1.50,insn per cycle\n"
      "%d,,dTLB-load-misses,20000120000,100.00,,\n%d,,dtlb_load_misses.walk_active,20000120000,100.00,,\n"
      % (cyc, cyc * 1.5 * 60e9 / cyc, tlb, walk))
def fio(lat_us, iops, cpu):
    n = int(iops * 30)
    return json.dumps({"fio version": "fio-3.36", "timestamp": 1767225600, "global options":
        {"ioengine": "libaio", "direct": "1", "runtime": "30", "time_based": "1"}, "jobs": [
        {"jobname": "randread", "groupid": 0, "error": 0, "job options": {"rw": "randread",
         "bs": "4k", "iodepth": "1"}, "read": {"io_bytes": n * 4096, "bw_bytes": int(iops * 4096),
         "iops": iops, "runtime": 30000, "total_ios": n, "lat_ns": {"min": 40000, "max": 900000,
         "mean": lat_us * 1000, "stddev": 9000.0, "N": n}}, "write": {"io_bytes": 0, "iops": 0.0,
         "total_ios": 0, "lat_ns": {"min": 0, "max": 0, "mean": 0.0, "stddev": 0.0, "N": 0}},
         "usr_cpu": cpu * .3, "sys_cpu": cpu * .7, "ctx": n}]}, indent=2) + "\n"
w("native-fio.json", fio(80.0, 12400.0, 9.0))
w("guest-fio.json", fio(105.0, 9450.0, 13.0))
