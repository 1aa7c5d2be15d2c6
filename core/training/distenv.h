#pragma once

#include <functional>
#include <string>

namespace photocat::core {

/** Where this process sits in a data-parallel job, as its launcher described it. */
struct DistEnv
{
    int rank = 0;
    int worldSize = 1;
    int localRank = 0;
    int localWorldSize = 1;
    std::string masterAddr = "127.0.0.1"; ///< where rank 0 serves the TCPStore rendezvous
    int masterPort = 29500;
    std::string launcher; ///< "torchrun", "slurm", "sagemaker"; "" for a single process

    bool distributed() const { return worldSize > 1; }
};

/** How a distributed job runs; not saved in checkpoints (a run may resume with another). */
struct DistSettings
{
    DistEnv env;
    std::string backend = "auto"; ///< "auto" (nccl on CUDA, else gloo), "gloo", "nccl"
    int timeoutSeconds = 600;     ///< a collective waiting longer ends the job on every rank
    bool syncBatchNorm = false;   ///< BatchNorm statistics over the global batch
    int localRanks = 1;           ///< the desktop: run the job as this many ranks on this machine
                                  ///< (photocat-cli launch); 1 = in the app's own process
};

/** Reads a variable; nullptr when unset. */
using EnvLookup = std::function<const char *(const char *)>;

/**
 * The job's layout from the launcher's environment, in this order: torchrun's (RANK,
 * WORLD_SIZE, LOCAL_RANK, LOCAL_WORLD_SIZE, MASTER_ADDR, MASTER_PORT; also what
 * `photocat-cli launch` sets), Slurm's (SLURM_PROCID, SLURM_NTASKS, SLURM_LOCALID,
 * SLURM_NTASKS_PER_NODE, the first host of SLURM_JOB_NODELIST; MASTER_PORT or 29500), and
 * SageMaker's (SM_HOSTS, SM_CURRENT_HOST: one rank per host, rank 0 on the first host).
 * None of them: a single process. Throws std::invalid_argument naming the variable when one is
 * malformed or inconsistent (a rank outside the world, a port out of range).
 */
DistEnv distEnvFrom(const EnvLookup &lookup);
/** distEnvFrom() of this process's environment. */
DistEnv distEnvFromEnvironment();

/** The first host of a Slurm node list: "node[03-05,9],gpu1" -> "node03". Throws
    std::invalid_argument for an empty or malformed list. */
std::string firstSlurmHost(const std::string &nodelist);

/** One line: "rank 1 of 4 (local 1 of 2, torchrun), rendezvous 10.0.0.1:29500". */
std::string describe(const DistEnv &env);

} // namespace photocat::core
