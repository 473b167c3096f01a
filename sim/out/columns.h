/* sim/out/columns.h — the result-file contract: every CSV file a run or a sweep writes, by
 * name, and its columns, in order.  The writers (sim/out/output.c, sim/dc/devices.c,
 * sim/dc/elastic.c, sim/sweep/stats.c, the series recorders) emit their header lines from
 * these constants, and plots/ (catalog.c, report.c) looks columns up through the same ones,
 * so renaming a column here renames it on both sides, and spelling one differently on one
 * side does not compile.  tests/test-columns.c checks the rest: every column a chart in
 * plots/catalog.c declares is one a writer produces (or one listed below as accepted but
 * never written), and the header lines the real binary writes are the ones below.
 *
 * Format: RFC 4180 as sim/core/fmt.h writes it and plots/csv.h reads it.  Names are quoted
 * when needed; numbers are bare, empty when missing (NaN).  Units follow the suffixes
 * (_s seconds, _frac 0..1, _bytes, _hz, _w watts, _j joules, _per_s rates).
 *
 * Only macros: a leaf header, includable from any layer, with nothing to link.
 */
#ifndef SIM_OUT_COLUMNS_H
#define SIM_OUT_COLUMNS_H

/* ---- hosts.csv: one row per host --------------------------------------------------- */
#define SIM_CSV_HOSTS                 "hosts.csv"
#define SIM_COL_HOST_NAME             "name"
#define SIM_COL_HOST_GROUP            "group"
#define SIM_COL_HOST_CORES            "cores"
#define SIM_COL_HOST_FREQ_HZ          "freq_hz"
#define SIM_COL_HOST_MEMORY_BYTES     "memory_bytes"
#define SIM_COL_HOST_UTIL_MEAN_FRAC   "util_mean_frac"
#define SIM_COL_HOST_UTIL_MAX_FRAC    "util_max_frac"
#define SIM_COL_HOST_UTIL_P50_FRAC    "util_p50_frac"   /* percentiles over time */
#define SIM_COL_HOST_UTIL_P95_FRAC    "util_p95_frac"
#define SIM_COL_HOST_UTIL_P99_FRAC    "util_p99_frac"
#define SIM_COL_HOST_UTIL_PCTL_FRAC   "util_pctl_frac"  /* at planning.percentile */
#define SIM_COL_HOST_ENERGY_J         "energy_j"
#define SIM_COL_HOST_ON_S             "on_s"
#define SIM_COL_HOST_GPUS             "gpus"
#define SIM_COL_HOST_GPU_MEMORY_BYTES "gpu_memory_bytes"
#define SIM_COL_HOST_GPUS_USED_PEAK   "gpus_used_peak"  /* MIG: slices / slices per GPU */
#define SIM_COL_HOST_SHARED_SAVED_PEAK_BYTES "shared_saved_peak_bytes"  /* KSM/TPS */
#define SIM_COL_HOST_DD_UTIL_FRAC     "driver_domain_util_frac"   /* dom0 CPU / its vCPUs */
#define SIM_COL_HOST_DD_SERVED_FRAC   "driver_domain_served_frac" /* back-end work served */
#define SIM_CSV_HOSTS_HEADER                                                                \
    SIM_COL_HOST_NAME "," SIM_COL_HOST_GROUP "," SIM_COL_HOST_CORES ","                     \
    SIM_COL_HOST_FREQ_HZ "," SIM_COL_HOST_MEMORY_BYTES "," SIM_COL_HOST_UTIL_MEAN_FRAC ","  \
    SIM_COL_HOST_UTIL_MAX_FRAC "," SIM_COL_HOST_UTIL_P50_FRAC "," SIM_COL_HOST_UTIL_P95_FRAC \
    "," SIM_COL_HOST_UTIL_P99_FRAC "," SIM_COL_HOST_UTIL_PCTL_FRAC "," SIM_COL_HOST_ENERGY_J \
    "," SIM_COL_HOST_ON_S "," SIM_COL_HOST_GPUS "," SIM_COL_HOST_GPU_MEMORY_BYTES ","        \
    SIM_COL_HOST_GPUS_USED_PEAK "," SIM_COL_HOST_SHARED_SAVED_PEAK_BYTES ","                 \
    SIM_COL_HOST_DD_UTIL_FRAC "," SIM_COL_HOST_DD_SERVED_FRAC

/* ---- vms.csv: one row per VM, then one overhead column per mechanism ----------------- */
#define SIM_CSV_VMS                   "vms.csv"
#define SIM_COL_VM_NAME               "name"
#define SIM_COL_VM_GROUP              "group"
#define SIM_COL_VM_HOST               "host"
#define SIM_COL_VM_STATE              "state"
#define SIM_COL_VM_WORKLOAD           "workload"
#define SIM_COL_VM_VCPUS              "vcpus"
#define SIM_COL_VM_MEMORY_BYTES       "memory_bytes"
#define SIM_COL_VM_START_S            "start_s"
#define SIM_COL_VM_END_S              "end_s"
#define SIM_COL_VM_CPU_S              "cpu_s"
#define SIM_COL_VM_SLOWDOWN           "slowdown"
#define SIM_COL_VM_REJECT_REASON      "reject_reason"
#define SIM_COL_VM_SPEED_FRAC         "speed_frac"
#define SIM_COL_VM_STEAL_S            "steal_s"
#define SIM_COL_VM_BALLOON_SPEED_FRAC "balloon_speed_frac"
#define SIM_COL_VM_CORES              "cores"
#define SIM_COL_VM_SCHED_DELAY_MEAN_S "sched_delay_mean_s"
#define SIM_COL_VM_SCHED_DELAY_P99_S  "sched_delay_p99_s"
#define SIM_COL_VM_UNMET_DEMAND_FRAC  "unmet_demand_frac"   /* guest work asked, not got */
#define SIM_COL_VM_UNMET_S            "unmet_s"             /* sampled time short */
#define SIM_CSV_VMS_HEADER                                                                  \
    SIM_COL_VM_NAME "," SIM_COL_VM_GROUP "," SIM_COL_VM_HOST "," SIM_COL_VM_STATE ","       \
    SIM_COL_VM_WORKLOAD "," SIM_COL_VM_VCPUS "," SIM_COL_VM_MEMORY_BYTES ","                \
    SIM_COL_VM_START_S "," SIM_COL_VM_END_S "," SIM_COL_VM_CPU_S "," SIM_COL_VM_SLOWDOWN "," \
    SIM_COL_VM_REJECT_REASON "," SIM_COL_VM_SPEED_FRAC "," SIM_COL_VM_STEAL_S ","           \
    SIM_COL_VM_BALLOON_SPEED_FRAC "," SIM_COL_VM_CORES "," SIM_COL_VM_SCHED_DELAY_MEAN_S "," \
    SIM_COL_VM_SCHED_DELAY_P99_S "," SIM_COL_VM_UNMET_DEMAND_FRAC "," SIM_COL_VM_UNMET_S
/* After the header above: ovh_<mech>_frac for every hv_mech_name(), in HvMech order. */
#define SIM_COL_VM_OVH_PREFIX         "ovh_"
#define SIM_COL_VM_OVH_SUFFIX         "_frac"
/* After the overhead columns: today's datacenter (nesting, pods, NUMA, interference, GPU,
 * page sharing). */
#define SIM_COL_VM_NEST_LEVEL         "nest_level"
#define SIM_COL_VM_POD_PARENT         "pod_parent"
#define SIM_COL_VM_NUMA_REMOTE_FRAC   "numa_remote_frac"
#define SIM_COL_VM_INTERFERENCE_FRAC  "interference_frac"
#define SIM_COL_VM_GPU_RATE_FRAC      "gpu_rate_frac"
#define SIM_COL_VM_SHARED_BYTES       "shared_bytes"
#define SIM_CSV_VMS_TAIL                                                                    \
    SIM_COL_VM_NEST_LEVEL "," SIM_COL_VM_POD_PARENT "," SIM_COL_VM_NUMA_REMOTE_FRAC ","     \
    SIM_COL_VM_INTERFERENCE_FRAC "," SIM_COL_VM_GPU_RATE_FRAC "," SIM_COL_VM_SHARED_BYTES
/* Then the teaching columns: speed_vs_native is the speed against bare metal from
 * virtualization alone (1 = native; contention is `slowdown`, a different thing); the
 * host's hypervisor and paging mode; the page walk of a TLB miss (levels after large
 * pages; host levels 0 unless nested) and its expected memory references. */
#define SIM_COL_VM_SPEED_VS_NATIVE    "speed_vs_native"
#define SIM_COL_VM_HYPERVISOR         "hypervisor"
#define SIM_COL_VM_PAGING             "paging"
#define SIM_COL_VM_WALK_GUEST_LEVELS  "walk_guest_levels"
#define SIM_COL_VM_WALK_HOST_LEVELS   "walk_host_levels"
#define SIM_COL_VM_WALK_REFS          "walk_refs"
#define SIM_CSV_VMS_TEACHING_HEADER                                                         \
    SIM_COL_VM_SPEED_VS_NATIVE "," SIM_COL_VM_HYPERVISOR "," SIM_COL_VM_PAGING ","          \
    SIM_COL_VM_WALK_GUEST_LEVELS "," SIM_COL_VM_WALK_HOST_LEVELS "," SIM_COL_VM_WALK_REFS

/* Then, in a run whose traces have memory, disk or network series, each VM's means over the
 * time it ran (empty for a VM without them). */
#define SIM_COL_VM_TRACE_MEMORY_MEAN_BYTES "trace_memory_mean_bytes"
#define SIM_COL_VM_TRACE_DISK_MEAN_BYTES_PER_S "trace_disk_mean_bytes_per_s"
#define SIM_COL_VM_TRACE_NET_MEAN_BYTES_PER_S "trace_net_mean_bytes_per_s"
#define SIM_CSV_VMS_TRACE_HEADER                                                            \
    SIM_COL_VM_TRACE_MEMORY_MEAN_BYTES "," SIM_COL_VM_TRACE_DISK_MEAN_BYTES_PER_S ","       \
    SIM_COL_VM_TRACE_NET_MEAN_BYTES_PER_S

/* ---- timeseries.csv: one row per sample ------------------------------------------- */
#define SIM_CSV_TIMESERIES            "timeseries.csv"
#define SIM_COL_TS_TIME_S             "time_s"          /* first column of every SimSeries */
#define SIM_COL_TS_DC_UTIL_FRAC       "dc_util_frac"
#define SIM_COL_TS_VMS_RUNNING        "vms_running"
#define SIM_COL_TS_HOSTS_BUSY         "hosts_busy"
#define SIM_COL_TS_HOSTS_ON           "hosts_on"
#define SIM_COL_TS_POWER_W            "power_w"
#define SIM_COL_TS_HOSTS_BOOTING      "hosts_booting"   /* booting: also in hosts_on */
#define SIM_CSV_TIMESERIES_HEADER                                                           \
    SIM_COL_TS_TIME_S "," SIM_COL_TS_DC_UTIL_FRAC "," SIM_COL_TS_VMS_RUNNING ","            \
    SIM_COL_TS_HOSTS_BUSY "," SIM_COL_TS_HOSTS_ON "," SIM_COL_TS_POWER_W ","                \
    SIM_COL_TS_HOSTS_BOOTING
/* Then util_frac:<host> per host (up to SIM_SERIES_MAX_HOSTS hosts), then, in a run with
 * elasticity, the three elastic columns (all services together), then per service (in
 * scenario order) demand_req_per_s:<service>, capacity_req_per_s:<service> (ready
 * instances only) and sla_violation_s:<service> (seconds of demand above ready capacity
 * since the start, as the headline's sla_violation_s:<service> at the end). */
#define SIM_COL_TS_HOST_UTIL_PREFIX   "util_frac:"
#define SIM_SERIES_MAX_HOSTS          64       /* more hosts: no per-host columns at all */
#define SIM_COL_TS_DEMAND_REQ_PER_S   "demand_req_per_s"
#define SIM_COL_TS_CAPACITY_REQ_PER_S "capacity_req_per_s"
#define SIM_COL_TS_INSTANCES          "instances"
/* Then, when a trace has memory, disk or network series (Bitbrains, Alibaba, Google), their
 * sums over the trace-driven VMs running: memory in use, disk and network throughput. */
#define SIM_COL_TS_TRACE_MEMORY_BYTES "trace_memory_bytes"
#define SIM_COL_TS_TRACE_DISK_BYTES_PER_S "trace_disk_bytes_per_s"
#define SIM_COL_TS_TRACE_NET_BYTES_PER_S "trace_net_bytes_per_s"
#define SIM_COL_TS_SLA_VIOLATION_S    "sla_violation_s"   /* per service only, with ':' */

/* ---- migrations.csv: one row per migration (finished, refused or cut short) --------- */
#define SIM_CSV_MIGRATIONS            "migrations.csv"
#define SIM_COL_MIG_VM                "vm"
#define SIM_COL_MIG_STRATEGY          "strategy"
#define SIM_COL_MIG_TRIGGER           "trigger"
#define SIM_COL_MIG_SRC               "src"
#define SIM_COL_MIG_DST               "dst"
#define SIM_COL_MIG_START_S           "start_s"
#define SIM_COL_MIG_END_S             "end_s"
#define SIM_COL_MIG_TOTAL_S           "total_s"
#define SIM_COL_MIG_DOWNTIME_S        "downtime_s"
#define SIM_COL_MIG_BYTES_SENT        "bytes_sent"
#define SIM_COL_MIG_PAGES_SENT        "pages_sent"
#define SIM_COL_MIG_ROUNDS            "rounds"
#define SIM_COL_MIG_FAULTS            "faults"
#define SIM_COL_MIG_STALL_S           "stall_s"
#define SIM_COL_MIG_DEGRADATION_FRAC  "degradation_frac"
#define SIM_COL_MIG_REFUSED           "refused"
#define SIM_COL_MIG_REASON            "reason"
#define SIM_COL_MIG_STATUS            "status"        /* done, running, aborted, refused */
#define SIM_COL_MIG_ENERGY_J          "energy_j"
#define SIM_COL_MIG_STOP_RULES        "stop_rules"
#define SIM_COL_MIG_SAVED_BYTES       "saved_bytes"
#define SIM_COL_MIG_CODEC_CYCLES      "codec_cycles"
#define SIM_COL_MIG_PODS              "pods"      /* a node VM: pods that moved with it */
#define SIM_CSV_MIGRATIONS_HEADER                                                           \
    SIM_COL_MIG_VM "," SIM_COL_MIG_STRATEGY "," SIM_COL_MIG_TRIGGER "," SIM_COL_MIG_SRC "," \
    SIM_COL_MIG_DST "," SIM_COL_MIG_START_S "," SIM_COL_MIG_END_S "," SIM_COL_MIG_TOTAL_S "," \
    SIM_COL_MIG_DOWNTIME_S "," SIM_COL_MIG_BYTES_SENT "," SIM_COL_MIG_PAGES_SENT ","        \
    SIM_COL_MIG_ROUNDS "," SIM_COL_MIG_FAULTS "," SIM_COL_MIG_STALL_S ","                   \
    SIM_COL_MIG_DEGRADATION_FRAC "," SIM_COL_MIG_REFUSED "," SIM_COL_MIG_REASON ","         \
    SIM_COL_MIG_STATUS "," SIM_COL_MIG_ENERGY_J "," SIM_COL_MIG_STOP_RULES ","              \
    SIM_COL_MIG_SAVED_BYTES "," SIM_COL_MIG_CODEC_CYCLES "," SIM_COL_MIG_PODS

/* ---- rounds.csv: one row per round of each migration (live rounds, the stop-and-copy,
 * then one row per second of post-copy pulling) --------------------------------------- */
#define SIM_CSV_ROUNDS                "rounds.csv"
#define SIM_COL_RND_MIGRATION         "migration"     /* 1-based row of migrations.csv */
#define SIM_COL_RND_VM                "vm"
#define SIM_COL_RND_STRATEGY          "strategy"
#define SIM_COL_RND_PHASE             "phase"         /* live, stop, pull */
#define SIM_COL_RND_ROUND             "round"
#define SIM_COL_RND_START_S           "start_s"
#define SIM_COL_RND_DURATION_S        "duration_s"
#define SIM_COL_RND_BYTES_SENT        "bytes_sent"
#define SIM_COL_RND_PAGES_SENT        "pages_sent"
#define SIM_COL_RND_DIRTIED_PAGES     "dirtied_pages"
#define SIM_COL_RND_DIRTY_LEFT_PAGES  "dirty_left_pages"
#define SIM_COL_RND_RATE_LIMIT        "rate_limit_bytes_per_s"
#define SIM_COL_RND_FAULTS            "faults"
#define SIM_CSV_ROUNDS_HEADER                                                               \
    SIM_COL_RND_MIGRATION "," SIM_COL_RND_VM "," SIM_COL_RND_STRATEGY "," SIM_COL_RND_PHASE \
    "," SIM_COL_RND_ROUND "," SIM_COL_RND_START_S "," SIM_COL_RND_DURATION_S ","            \
    SIM_COL_RND_BYTES_SENT "," SIM_COL_RND_PAGES_SENT "," SIM_COL_RND_DIRTIED_PAGES ","     \
    SIM_COL_RND_DIRTY_LEFT_PAGES "," SIM_COL_RND_RATE_LIMIT "," SIM_COL_RND_FAULTS

/* ---- devices.csv: one row per I/O device ------------------------------------------ */
#define SIM_CSV_DEVICES               "devices.csv"
#define SIM_COL_DEV_DEVICE            "device"
#define SIM_COL_DEV_HOST              "host"
#define SIM_COL_DEV_CLASS             "class"
#define SIM_COL_DEV_KIND              "kind"
#define SIM_COL_DEV_PATH              "path"
#define SIM_COL_DEV_UTIL_FRAC         "util_frac"
#define SIM_COL_DEV_OFFERED_FRAC      "offered_frac"
#define SIM_COL_DEV_THROUGHPUT_BYTES_PER_S "throughput_bytes_per_s"
#define SIM_COL_DEV_SATURATED_FRAC    "saturated_frac"
#define SIM_COL_DEV_QUEUE_MEAN        "queue_mean"
#define SIM_COL_DEV_LATENCY_MEAN_S    "latency_mean_s"
#define SIM_COL_DEV_CAPACITY_BYTES    "capacity_bytes"    /* a disk's storage; 0: none */
#define SIM_COL_DEV_USED_PEAK_BYTES   "used_peak_bytes"   /* images (slices) held, at most */
#define SIM_COL_DEV_USED_END_BYTES    "used_end_bytes"    /* ... at the end of the run */
#define SIM_COL_DEV_IMAGE_BYTES       "image_bytes"       /* their own sizes, at the end */
#define SIM_COL_DEV_IMAGES            "images"            /* VM images held at the end */
#define SIM_CSV_DEVICES_HEADER                                                              \
    SIM_COL_DEV_DEVICE "," SIM_COL_DEV_HOST "," SIM_COL_DEV_CLASS "," SIM_COL_DEV_KIND ","  \
    SIM_COL_DEV_PATH "," SIM_COL_DEV_UTIL_FRAC "," SIM_COL_DEV_OFFERED_FRAC ","             \
    SIM_COL_DEV_THROUGHPUT_BYTES_PER_S "," SIM_COL_DEV_SATURATED_FRAC ","                   \
    SIM_COL_DEV_QUEUE_MEAN "," SIM_COL_DEV_LATENCY_MEAN_S "," SIM_COL_DEV_CAPACITY_BYTES "," \
    SIM_COL_DEV_USED_PEAK_BYTES "," SIM_COL_DEV_USED_END_BYTES "," SIM_COL_DEV_IMAGE_BYTES "," \
    SIM_COL_DEV_IMAGES

/* ---- isolation.csv: per VM, what it trusts, shares and can lose (sim/hypervisor/trust.h) */
#define SIM_CSV_ISOLATION             "isolation.csv"
#define SIM_COL_ISO_VM                "vm"
#define SIM_COL_ISO_HOST              "host"
#define SIM_COL_ISO_HYPERVISOR        "hypervisor"
#define SIM_COL_ISO_KIND              "kind"
#define SIM_COL_ISO_GUEST_KERNEL      "guest_kernel"
#define SIM_COL_ISO_GUEST_MODIFIED    "guest_modified"
#define SIM_COL_ISO_GUEST_VERSION     "guest_version"
#define SIM_COL_ISO_KERNEL            "kernel"
#define SIM_COL_ISO_KERNEL_SHARERS    "kernel_sharers"
#define SIM_COL_ISO_DRIVERS           "drivers"
#define SIM_COL_ISO_DRIVER_DOMAIN     "driver_domain"
#define SIM_COL_ISO_TCB_KLOC          "tcb_kloc"
#define SIM_COL_ISO_FAILURE_DOMAIN    "failure_domain"
#define SIM_COL_ISO_ISOLATION         "isolation"
#define SIM_COL_ISO_EXPOSED_COUNT     "exposed_count"     /* isolation mechanisms it lacks */
#define SIM_COL_ISO_EXPOSED           "exposed"           /* ... and what each exposes */
#define SIM_CSV_ISOLATION_HEADER                                                            \
    SIM_COL_ISO_VM "," SIM_COL_ISO_HOST "," SIM_COL_ISO_HYPERVISOR "," SIM_COL_ISO_KIND "," \
    SIM_COL_ISO_GUEST_KERNEL "," SIM_COL_ISO_GUEST_MODIFIED "," SIM_COL_ISO_GUEST_VERSION "," \
    SIM_COL_ISO_KERNEL "," SIM_COL_ISO_KERNEL_SHARERS "," SIM_COL_ISO_DRIVERS ","           \
    SIM_COL_ISO_DRIVER_DOMAIN "," SIM_COL_ISO_TCB_KLOC "," SIM_COL_ISO_FAILURE_DOMAIN ","   \
    SIM_COL_ISO_ISOLATION "," SIM_COL_ISO_EXPOSED_COUNT "," SIM_COL_ISO_EXPOSED

/* ---- frames.csv: per host, which domain owns which physical frame ranges (4 KiB) ----- */
#define SIM_CSV_FRAMES                "frames.csv"
#define SIM_COL_FRAME_HOST            "host"
#define SIM_COL_FRAME_DOMAIN          "domain"
#define SIM_COL_FRAME_FIRST           "first_frame"
#define SIM_COL_FRAME_FRAMES          "frames"
#define SIM_CSV_FRAMES_HEADER                                                               \
    SIM_COL_FRAME_HOST "," SIM_COL_FRAME_DOMAIN "," SIM_COL_FRAME_FIRST "," SIM_COL_FRAME_FRAMES

/* ---- io.csv: one row per I/O stream (a VM on a device) ---------------------------- */
#define SIM_CSV_IO                    "io.csv"
#define SIM_COL_IO_VM                 "vm"
#define SIM_COL_IO_HOST               "host"
#define SIM_COL_IO_DEVICE             "device"
#define SIM_COL_IO_PATH               "path"
#define SIM_COL_IO_LEVEL              "level"
#define SIM_COL_IO_OPS_PER_S          "ops_per_s"
#define SIM_COL_IO_BYTES_PER_OP       "bytes_per_op"
#define SIM_COL_IO_THROUGHPUT_BYTES_PER_S "throughput_bytes_per_s"
#define SIM_COL_IO_LATENCY_MEAN_S     "latency_mean_s"
#define SIM_COL_IO_LATENCY_P50_S      "latency_p50_s"
#define SIM_COL_IO_LATENCY_P99_S      "latency_p99_s"
#define SIM_COL_IO_SATURATED_FRAC     "saturated_frac"
#define SIM_COL_IO_STALL_S            "stall_s"
#define SIM_COL_IO_DRIVER_DOWN_S      "driver_domain_down_s"  /* I/O stalled: dom0 crashed */
#define SIM_CSV_IO_HEADER                                                                   \
    SIM_COL_IO_VM "," SIM_COL_IO_HOST "," SIM_COL_IO_DEVICE "," SIM_COL_IO_PATH ","         \
    SIM_COL_IO_LEVEL "," SIM_COL_IO_OPS_PER_S "," SIM_COL_IO_BYTES_PER_OP ","               \
    SIM_COL_IO_THROUGHPUT_BYTES_PER_S "," SIM_COL_IO_LATENCY_MEAN_S ","                     \
    SIM_COL_IO_LATENCY_P50_S "," SIM_COL_IO_LATENCY_P99_S "," SIM_COL_IO_SATURATED_FRAC "," \
    SIM_COL_IO_STALL_S "," SIM_COL_IO_DRIVER_DOWN_S

/* ---- device_latency.csv: sampled request latencies (requests mode only) ------------- */
#define SIM_CSV_DEVICE_LATENCY        "device_latency.csv"
#define SIM_COL_LAT_DEVICE            "device"
#define SIM_COL_LAT_HOST              "host"
#define SIM_COL_LAT_VM                "vm"
#define SIM_COL_LAT_LATENCY_S         "latency_s"
#define SIM_CSV_DEVICE_LATENCY_HEADER                                                       \
    SIM_COL_LAT_DEVICE "," SIM_COL_LAT_HOST "," SIM_COL_LAT_VM "," SIM_COL_LAT_LATENCY_S

/* ---- elasticity.csv: one row per provisioning request (runs with elasticity) -------- */
#define SIM_CSV_ELASTICITY            "elasticity.csv"
#define SIM_COL_ELA_SERVICE           "service"
#define SIM_COL_ELA_REQUEST           "request"
#define SIM_COL_ELA_INSTANCE          "instance"
#define SIM_COL_ELA_HOST              "host"
#define SIM_COL_ELA_STATE             "state"
#define SIM_COL_ELA_SUBMITTED_S       "submitted_s"
#define SIM_COL_ELA_READY_S           "ready_s"
#define SIM_COL_ELA_APPROVAL_S        "approval_s"
#define SIM_COL_ELA_TRANSFER_S        "transfer_s"
#define SIM_COL_ELA_BOOT_S            "boot_s"
#define SIM_COL_ELA_NODE              "node"      /* a pod's node VM; "" otherwise */
#define SIM_COL_ELA_NODE_S            "node_s"    /* waited for a new node VM to boot */
#define SIM_CSV_ELASTICITY_HEADER                                                           \
    SIM_COL_ELA_SERVICE "," SIM_COL_ELA_REQUEST "," SIM_COL_ELA_INSTANCE ","                \
    SIM_COL_ELA_HOST "," SIM_COL_ELA_STATE "," SIM_COL_ELA_SUBMITTED_S ","                  \
    SIM_COL_ELA_READY_S "," SIM_COL_ELA_APPROVAL_S "," SIM_COL_ELA_TRANSFER_S ","           \
    SIM_COL_ELA_BOOT_S "," SIM_COL_ELA_NODE "," SIM_COL_ELA_NODE_S

/* ---- sweep.csv: one row per run of a sweep (sim/sweep/results.c, docs/sweep.md) ------ */
#define SIM_CSV_SWEEP                 "sweep.csv"
#define SIM_COL_SWEEP_RUN             "run"
#define SIM_COL_SWEEP_POINT           "point"
#define SIM_COL_SWEEP_REPLICATION     "replication"
#define SIM_COL_SWEEP_SEED            "seed"
#define SIM_COL_SWEEP_RUN_DIR         "run_dir"
#define SIM_CSV_SWEEP_RUN_HEAD                                                              \
    SIM_COL_SWEEP_RUN "," SIM_COL_SWEEP_POINT "," SIM_COL_SWEEP_REPLICATION ","             \
    SIM_COL_SWEEP_SEED "," SIM_COL_SWEEP_RUN_DIR
/* then one column per swept parameter, named by its path (a numeric parameter with a unit:
 * the bare number, and PATH.unit); then feasible, feasible_reason, every headline member of
 * summary.json, mig_COL_mean and mig_COL per column of migrations.csv. */
#define SIM_COL_SWEEP_UNIT_SUFFIX     ".unit"
#define SIM_COL_SWEEP_FEASIBLE        "feasible"
#define SIM_COL_SWEEP_FEASIBLE_REASON "feasible_reason"

/* ---- sweep_summary.csv: one row per point ---------------------------------------------- */
#define SIM_CSV_SWEEP_SUMMARY         "sweep_summary.csv"
#define SIM_COL_SWEEP_RUNS            "runs"
#define SIM_COL_SWEEP_FEASIBLE_RUNS   "feasible_runs"
#define SIM_CSV_SWEEP_SUMMARY_FEASIBILITY                                                   \
    SIM_COL_SWEEP_RUNS "," SIM_COL_SWEEP_FEASIBLE_RUNS "," SIM_COL_SWEEP_FEASIBLE ","       \
    SIM_COL_SWEEP_FEASIBLE_REASON
/* point, the parameters as in sweep.csv, the four above, then per metric M of sweep.csv:
 * M_n, M_mean, M_sd, M_ci_lo, M_ci_hi; per text column C: C, its distinct values. */

/* ---- sweep_long.csv: one row per (point, metric): sweep.csv's layout before 0.2 -------- */
#define SIM_CSV_SWEEP_LONG            "sweep_long.csv"
/* point, then one column per swept parameter (its value as written), then: */
#define SIM_COL_SWEEP_METRIC          "metric"
#define SIM_COL_SWEEP_N               "n"
#define SIM_COL_SWEEP_MEAN            "mean"
#define SIM_COL_SWEEP_SD              "sd"
#define SIM_COL_SWEEP_CI_LO           "ci_lo"
#define SIM_COL_SWEEP_CI_HI           "ci_hi"
#define SIM_CSV_SWEEP_LONG_HEADER_TAIL                                                      \
    SIM_COL_SWEEP_METRIC "," SIM_COL_SWEEP_N "," SIM_COL_SWEEP_MEAN "," SIM_COL_SWEEP_SD "," \
    SIM_COL_SWEEP_CI_LO "," SIM_COL_SWEEP_CI_HI
#define SIM_CSV_SWEEP_HEADER_TAIL     SIM_CSV_SWEEP_LONG_HEADER_TAIL   /* the old name */

/* ---- accepted by plots/, written by no vdcsim writer ------------------------------------
 * Columns the charts use when a hand-made (or older) file has them; a vdcsim run never
 * writes them, so its charts never depend on them alone. */
#define SIM_COL_TS_ENERGY_J           "energy_j"          /* timeseries.csv, if no power_w */
#define SIM_COL_MIG_DOWNTIME_START_S  "downtime_start_s"  /* migrations.csv */
#define SIM_COL_DEV_LATENCY_P50_S     "latency_p50_s"     /* devices.csv (io.csv has them) */
#define SIM_COL_DEV_LATENCY_P99_S     "latency_p99_s"     /* devices.csv */

/* ---- compare.csv (runs with `compare:`): one row per headline metric ------------- */
/* metric, unit, then one column per run: `base` (the scenario as written, in the output
 * directory) and each variant in `compare:` order (in SIM_DIR_VARIANTS/NAME). */
#define SIM_CSV_COMPARE               "compare.csv"
#define SIM_COL_CMP_METRIC            "metric"
#define SIM_COL_CMP_UNIT              "unit"
#define SIM_COL_CMP_BASE              "base"
#define SIM_CSV_COMPARE_HEADER        SIM_COL_CMP_METRIC "," SIM_COL_CMP_UNIT "," SIM_COL_CMP_BASE
#define SIM_DIR_VARIANTS              "variants"

#endif
