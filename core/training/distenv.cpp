#include "training/distenv.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <cstdlib>
#include <stdexcept>
#include <vector>

namespace photocat::core {

namespace {

/** A whole decimal number within [low, high] from a variable; fallback when unset. */
int number(const EnvLookup &env, const char *name, int fallback, int low, int high)
{
    const char *v = env(name);
    if (!v || !*v)
        return fallback;
    char *end = nullptr;
    errno = 0;
    const long n = std::strtol(v, &end, 10);
    if (end == v || *end != '\0' || errno != 0 || n < low || n > high)
        throw std::invalid_argument(std::string(name) + "=" + v + " is not a number from " +
                                    std::to_string(low) + " to " + std::to_string(high));
    return int(n);
}

bool isSet(const EnvLookup &env, const char *name)
{
    const char *v = env(name);
    return v && *v;
}

constexpr int kMaxWorld = 1 << 20;

void check(const DistEnv &e, const char *rankName, const char *worldName)
{
    if (e.rank >= e.worldSize)
        throw std::invalid_argument(std::string(rankName) + "=" + std::to_string(e.rank) +
                                    " is not below " + worldName + "=" +
                                    std::to_string(e.worldSize));
    if (e.localRank >= e.localWorldSize)
        throw std::invalid_argument("local rank " + std::to_string(e.localRank) +
                                    " is not below the local world size " +
                                    std::to_string(e.localWorldSize));
}

DistEnv fromTorchrun(const EnvLookup &env)
{
    DistEnv e;
    e.launcher = "torchrun";
    e.worldSize = number(env, "WORLD_SIZE", 1, 1, kMaxWorld);
    e.rank = number(env, "RANK", 0, 0, kMaxWorld);
    e.localRank = number(env, "LOCAL_RANK", e.rank, 0, kMaxWorld);
    e.localWorldSize =
        number(env, "LOCAL_WORLD_SIZE", std::max(e.worldSize, e.localRank + 1), 1, kMaxWorld);
    if (e.worldSize > 1 && !isSet(env, "MASTER_ADDR"))
        throw std::invalid_argument("WORLD_SIZE=" + std::to_string(e.worldSize) +
                                    " without MASTER_ADDR: where does rank 0 listen?");
    if (isSet(env, "MASTER_ADDR"))
        e.masterAddr = env("MASTER_ADDR");
    e.masterPort = number(env, "MASTER_PORT", 29500, 1, 65535);
    check(e, "RANK", "WORLD_SIZE");
    return e;
}

DistEnv fromSlurm(const EnvLookup &env)
{
    DistEnv e;
    e.launcher = "slurm";
    e.worldSize = number(env, "SLURM_NTASKS", 1, 1, kMaxWorld);
    e.rank = number(env, "SLURM_PROCID", 0, 0, kMaxWorld);
    e.localRank = number(env, "SLURM_LOCALID", 0, 0, kMaxWorld);
    // "4" or "4(x2)" (four tasks on each of two nodes); heterogeneous lists take the first.
    e.localWorldSize = e.worldSize;
    if (const char *per = env("SLURM_NTASKS_PER_NODE"); per && *per) {
        const int n = std::atoi(per);
        if (n < 1)
            throw std::invalid_argument(std::string("SLURM_NTASKS_PER_NODE=") + per +
                                        " is not a task count");
        e.localWorldSize = std::min(n, e.worldSize);
    }
    e.localWorldSize = std::max(e.localWorldSize, e.localRank + 1);
    if (isSet(env, "MASTER_ADDR"))
        e.masterAddr = env("MASTER_ADDR");
    else if (isSet(env, "SLURM_JOB_NODELIST"))
        e.masterAddr = firstSlurmHost(env("SLURM_JOB_NODELIST"));
    else if (isSet(env, "SLURM_NODELIST"))
        e.masterAddr = firstSlurmHost(env("SLURM_NODELIST"));
    else if (e.worldSize > 1)
        throw std::invalid_argument(
            "SLURM_NTASKS > 1 without SLURM_JOB_NODELIST or MASTER_ADDR: where does rank 0 "
            "listen?");
    e.masterPort = number(env, "MASTER_PORT", 29500, 1, 65535);
    check(e, "SLURM_PROCID", "SLURM_NTASKS");
    return e;
}

DistEnv fromSageMaker(const EnvLookup &env)
{
    std::vector<std::string> hosts;
    try {
        hosts = nlohmann::json::parse(env("SM_HOSTS")).get<std::vector<std::string>>();
    } catch (const std::exception &) {
        throw std::invalid_argument(std::string("SM_HOSTS=") + env("SM_HOSTS") +
                                    " is not a JSON list of host names");
    }
    if (hosts.empty())
        throw std::invalid_argument("SM_HOSTS lists no host");
    DistEnv e;
    e.launcher = "sagemaker";
    // SageMaker's own frameworks give the first host of the sorted list rank 0.
    std::sort(hosts.begin(), hosts.end());
    const std::string current = isSet(env, "SM_CURRENT_HOST") ? env("SM_CURRENT_HOST") : "";
    const auto it = std::find(hosts.begin(), hosts.end(), current);
    if (it == hosts.end())
        throw std::invalid_argument("SM_CURRENT_HOST=" + current + " is not one of SM_HOSTS");
    e.rank = int(it - hosts.begin());
    e.worldSize = int(hosts.size());
    e.masterAddr = hosts.front();
    e.masterPort = number(env, "MASTER_PORT", 29500, 1, 65535);
    return e;
}

} // namespace

std::string firstSlurmHost(const std::string &list)
{
    // A list is comma-separated names, each with optional [ranges]: "a[1-3,7],b".
    std::string first;
    size_t i = 0;
    while (i < list.size() && list[i] != ',' && list[i] != '[')
        first += list[i++];
    if (first.empty())
        throw std::invalid_argument("SLURM_JOB_NODELIST=" + list + " names no host");
    if (i < list.size() && list[i] == '[') {
        std::string lowest;
        for (++i; i < list.size() && std::isdigit(static_cast<unsigned char>(list[i])); ++i)
            lowest += list[i];
        if (lowest.empty() || i >= list.size() ||
            (list[i] != '-' && list[i] != ',' && list[i] != ']') ||
            list.find(']', i) == std::string::npos)
            throw std::invalid_argument("SLURM_JOB_NODELIST=" + list + " is not a Slurm host list");
        first += lowest; // the first number of the first range, zero padding kept
    }
    return first;
}

DistEnv distEnvFrom(const EnvLookup &env)
{
    if (isSet(env, "WORLD_SIZE") || isSet(env, "RANK"))
        return fromTorchrun(env);
    // A Slurm allocation runs single-process jobs too: only srun's tasks set SLURM_PROCID.
    if (isSet(env, "SLURM_PROCID") && isSet(env, "SLURM_NTASKS"))
        return fromSlurm(env);
    if (isSet(env, "SM_HOSTS"))
        return fromSageMaker(env);
    return {};
}

DistEnv distEnvFromEnvironment()
{
    return distEnvFrom([](const char *name) { return std::getenv(name); });
}

std::string describe(const DistEnv &e)
{
    return "rank " + std::to_string(e.rank) + " of " + std::to_string(e.worldSize) + " (local " +
           std::to_string(e.localRank) + " of " + std::to_string(e.localWorldSize) +
           (e.launcher.empty() ? "" : ", " + e.launcher) + "), rendezvous " + e.masterAddr + ":" +
           std::to_string(e.masterPort);
}

} // namespace photocat::core
