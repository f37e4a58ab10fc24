# Offline discrete-time model of issue 17's open (no machine load, 10 ms steps): 1000 buyers arrive evenly over
# 10 s, max-active 50, admit-per-tick 50, tick 500 ms; each polls every 500 ms, sees 'active' at its
# next poll, shops U(2,6) s, leaves. The promotion script's turnover accounting and WaitEstimate's
# arithmetic are reproduced to compare parameter choices; the real bench is the judge. Prints, per
# configuration (a Python dict of run()'s keywords), the means over seeds 0-2 of the first-5-s, later
# and whole-sale cohorts (buyers who waited >= 3 s): median and p90 error, median bias, share of
# buyers whose shown estimate rose > 25 % between two readings.
#   python3 bench/eta-model.py "[{}, {'expected': 120}, {'shop': (5, 20), 'expected': 12.5}]"
import math, random, sys, statistics as st
def run(seed, refill=True, expected=4.0, k_frac=0.2, cap=100, weight_s=0.5, fade=30, window=60.0, shop=(2,6), n=1000, arrive=10.0, floor=True):
    rnd = random.Random(seed)
    MAX, PER, TICK = 50, 50, 0.5
    arrivals = sorted(rnd.uniform(0, arrive) for _ in range(n))
    waiting = []  # user ids in order
    active = {}   # id -> leave time
    users = []
    samples = []  # (t, departed, occupied slot-s)
    tv = dict(active=None, at=None, firstIn=None, firstOut=None, early=0, opened=None)
    snap = None
    dt = 0.01
    t = 0.0; ai = 0; next_tick = TICK * rnd.random()
    pending_see = {}  # id -> time admitted
    def pace(s):
        maxa = MAX
        if s is None: return (PER/TICK, MAX)
        free = max(0, MAX - s['active'])
        D, E, shortest = s['D'], s['E'], s['shortest']
        prior = max(expected, shortest if floor else 0)
        w = MAX * weight_s * max(0.0, 1 - D / fade)
        stay = (E + w) / (D + w / prior) if (D + w / prior) > 0 else prior
        return (min(PER / TICK, MAX / (stay + (TICK / 2 if refill else 0))), free)
    def est(pos, s):
        rate, free = pace(s)
        inf = min(pos, free)
        fill = (math.ceil(inf / PER) - 0.5) * TICK
        w = fill
        if pos > free: w = max(fill, (pos - free) / rate + TICK / 2)
        return max(1, round(w))
    while t < 400 and (ai < n or waiting or active or pending_see):
        # arrivals
        while ai < n and arrivals[ai] <= t:
            u = dict(id=ai, arr=arrivals[ai], shown=[], adm=None, phase=(t + 0.5 * rnd.random()))
            users.append(u); waiting.append(ai)
            u['est'] = est(len(waiting), snap); u['shown'].append(u['est']); u['next_poll'] = t + 0.5
            ai += 1
        # departures
        for uid in [k for k, v in active.items() if v is not None and v <= t]:
            del active[uid]
        # polls
        for uid in list(waiting):
            u = users[uid]
            if u['next_poll'] <= t:
                u['next_poll'] += 0.5
                u['shown'].append(est(waiting.index(uid) + 1, snap))
        for uid, at in list(pending_see.items()):
            u = users[uid]
            if u['next_poll'] <= t:
                del pending_see[uid]
                active[uid] = t + rnd.uniform(*shop) + 0.02
        if t >= next_tick:
            next_tick += TICK
            now = t
            an = len(active)
            if tv['active'] is not None:
                dep = max(0, tv['active'] - an)
                if tv['firstOut'] is not None:
                    samples.insert(0, (now, dep, (tv['active'] + an) * min(now - tv['at'], 60) / 2))
                    del samples[120:]
                elif dep > 0:
                    tv['early'] += dep
                    if tv['early'] >= max(1, math.ceil(MAX * k_frac)): tv['firstOut'] = now
            had = len(waiting) > 0
            if had and tv['opened'] is None: tv['opened'] = now
            free = MAX - an
            m = min(free, PER)
            adm = waiting[:max(0, m)]; del waiting[:max(0, m)]
            for uid in adm:
                users[uid]['adm'] = now; active[uid] = None; pending_see[uid] = now
            if adm and tv['firstIn'] is None: tv['firstIn'] = now
            tv['active'] = an + len(adm); tv['at'] = now
            D = E = 0
            for (st_, d, e) in samples:
                if D >= cap or now - st_ > window: break
                D += d; E += e
            shortest = 0
            if tv['firstIn'] is not None: shortest = (tv['firstOut'] if tv['firstOut'] is not None else now) - tv['firstIn']
            snap = dict(active=tv['active'], D=D, E=E, shortest=shortest)
        t = round(t + dt, 4)
    res = {}
    for label, f in [('first5', lambda u: u['arr'] < 5), ('later', lambda u: u['arr'] >= 5), ('whole', lambda u: True)]:
        us = [u for u in users if f(u) and u['adm'] is not None and u['adm'] - u['arr'] >= 3]
        errs = sorted(abs(u['est'] - (u['adm'] - u['arr'])) / (u['adm'] - u['arr']) for u in us)
        allu = [u for u in users if f(u)]
        rises = sum(1 for u in allu if any(u['shown'][i] > 1.25 * u['shown'][i - 1] for i in range(1, len(u['shown']))))
        bias = sorted((u['est'] - (u['adm'] - u['arr'])) / (u['adm'] - u['arr']) for u in us)
        res[label] = (len(us), errs[len(errs) // 2], errs[int(0.9 * len(errs))], rises / len(allu), bias[len(bias) // 2])
    return res
if __name__ == '__main__':
    import itertools
    configs = eval(sys.argv[1]) if len(sys.argv) > 1 else [{}]
    for cfg in configs:
        agg = {}
        for seed in range(3):
            r = run(seed, **cfg)
            for k, v in r.items(): agg.setdefault(k, []).append(v)
        print(cfg, ' | '.join(f"{k}: n={agg[k][0][0]} med={st.mean(x[1] for x in agg[k]):.3f} p90={st.mean(x[2] for x in agg[k]):.3f} rose={st.mean(x[3] for x in agg[k]):.2f} bias={st.mean(x[4] for x in agg[k]):+.3f}" for k in ('first5', 'later', 'whole')))
