"""M/M/1 in SimPy, the peer `npm run bench -- --peers` measures Faultline against.

Usage: python3 mm1_simpy.py REQUESTS [ARRIVALS_PER_MS] [SERVICE_MEAN_MS] [SEED]

The same work as the other peers: a Poisson source issues exactly REQUESTS requests at
ARRIVALS_PER_MS (0.9 per ms), each holds a Resource(capacity=1) for an exponential service time
of mean SERVICE_MEAN_MS (1 ms), and the run ends when the last one leaves. Only the simulation is
timed (interpreter start-up and imports are not); it prints one JSON object: requests, the
simulation's wall and CPU time, the process's CPU time so far, and the mean response time (10 ms
in theory at rho 0.9), which shows the work was the same.
"""

import json
import random
import sys
import time

import simpy


def main():
    requests = int(sys.argv[1])
    arrivals_per_ms = float(sys.argv[2]) if len(sys.argv) > 2 else 0.9
    service_mean_ms = float(sys.argv[3]) if len(sys.argv) > 3 else 1.0
    rng = random.Random(int(sys.argv[4]) if len(sys.argv) > 4 else 1)
    env = simpy.Environment()
    server = simpy.Resource(env, capacity=1)
    done = [0, 0.0]  # completed requests, sum of response times

    def request(env):
        arrived = env.now
        with server.request() as slot:
            yield slot
            yield env.timeout(rng.expovariate(1.0 / service_mean_ms))
        done[0] += 1
        done[1] += env.now - arrived

    def source(env):
        for _ in range(requests):
            yield env.timeout(rng.expovariate(arrivals_per_ms))
            env.process(request(env))

    env.process(source(env))
    wall0 = time.perf_counter()
    cpu0 = time.process_time()
    env.run()
    cpu1 = time.process_time()
    wall1 = time.perf_counter()
    print(
        json.dumps(
            {
                "requests": done[0],
                "simWallMs": (wall1 - wall0) * 1000,
                "simCpuMs": (cpu1 - cpu0) * 1000,
                "processCpuMs": cpu1 * 1000,
                "meanResponseMs": done[1] / done[0],
                "version": simpy.__version__,
            }
        )
    )


if __name__ == "__main__":
    main()
