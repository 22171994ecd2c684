namespace AsnCat.Scoring;

/// <summary>
/// How many items each set takes from each cell (subtopic x difficulty) of a subtest: the
/// allocation by max-flow that meets the subtopic quotas and the difficulty mix, then balanced
/// so exposure is spread in proportion to what the bank holds. Computed once per pool.
/// </summary>
internal static class CellAllocation
{
    private const int Levels = 3;

    /// <summary>
    /// Chooses per-cell counts meeting the subtopic quotas and the difficulty mix, spread in
    /// proportion to what the bank holds (so exposure is balanced). A max-flow with unit
    /// augmenting paths whose search prefers the cell used least relative to its size;
    /// deterministic (ties by subtopic order, then difficulty order).
    /// </summary>
    public static int[] Allocate(SubtestSpec spec, int[] available, List<Shortage> shortages)
    {
        var topics = spec.Subtopics.Count;
        var take = new int[topics * Levels];
        var before = shortages.Count;
        for (var t = 0; t < topics; t++)
        {
            var have = 0;
            for (var d = 0; d < Levels; d++)
            {
                have += available[(t * Levels) + d];
            }
            if (have < spec.Subtopics[t].Items)
            {
                shortages.Add(new Shortage(spec.Code, spec.Subtopics[t].Code, null, spec.Subtopics[t].Items, have));
            }
        }
        for (var d = 0; d < Levels; d++)
        {
            var have = 0;
            for (var t = 0; t < topics; t++)
            {
                have += available[(t * Levels) + d];
            }
            if (have < spec.DifficultyMix[d])
            {
                shortages.Add(new Shortage(spec.Code, null, (Difficulty)d, spec.DifficultyMix[d], have));
            }
        }
        if (shortages.Count > before)
        {
            return take;
        }

        var topicLeft = spec.Subtopics.Select(t => t.Items).ToArray();
        var levelLeft = spec.DifficultyMix.ToArray();
        // residual search: source -> topic (topicLeft) -> cell (available - take) -> level (levelLeft) -> sink,
        // with reverse moves through cells that already carry flow (take > 0).
        for (var placed = 0; placed < spec.Items; placed++)
        {
            if (!Augment(topics, available, take, topicLeft, levelLeft))
            {
                // Totals suffice but no assignment exists: name the subtopics that cannot get their level mix.
                for (var t = 0; t < topics; t++)
                {
                    if (topicLeft[t] > 0)
                    {
                        var have = 0;
                        for (var d = 0; d < Levels; d++)
                        {
                            have += take[(t * Levels) + d];
                        }
                        shortages.Add(new Shortage(spec.Code, spec.Subtopics[t].Code, null, spec.Subtopics[t].Items, have));
                    }
                }
                for (var d = 0; d < Levels; d++)
                {
                    if (levelLeft[d] > 0)
                    {
                        shortages.Add(new Shortage(spec.Code, null, (Difficulty)d, spec.DifficultyMix[d], spec.DifficultyMix[d] - levelLeft[d]));
                    }
                }
                return take;
            }
        }
        Balance(topics, available, take);
        return take;
    }

    // Exchanges that keep every quota and the mix: one unit moves t1:d1 -> t1:d2 and
    // t2:d2 -> t2:d1 when that lowers sum(take^2 / available), i.e. the spread of item exposure
    // (each item of a cell is used by sets x take / available candidates). Scans t1 < t2, then
    // d1, d2 in order, applies the first improving exchange, and rescans until none improves.
    private static void Balance(int topics, int[] available, int[] take)
    {
        bool improved;
        do
        {
            improved = false;
            for (var t1 = 0; t1 < topics && !improved; t1++)
            {
                for (var t2 = t1 + 1; t2 < topics && !improved; t2++)
                {
                    for (var d1 = 0; d1 < Levels && !improved; d1++)
                    {
                        for (var d2 = 0; d2 < Levels && !improved; d2++)
                        {
                            int a = (t1 * Levels) + d1, b = (t1 * Levels) + d2, c = (t2 * Levels) + d2, d = (t2 * Levels) + d1;
                            if (d1 == d2 || take[a] == 0 || take[c] == 0 || take[b] == available[b] || take[d] == available[d])
                            {
                                continue;
                            }
                            // change of sum(take^2/available) in exact integer arithmetic over the common denominator
                            var gain = Delta(take[a], -1, available[a], available[b], available[c], available[d])
                                + Delta(take[b], +1, available[b], available[a], available[c], available[d])
                                + Delta(take[c], -1, available[c], available[a], available[b], available[d])
                                + Delta(take[d], +1, available[d], available[a], available[b], available[c]);
                            if (gain < 0)
                            {
                                take[a]--;
                                take[b]++;
                                take[c]--;
                                take[d]++;
                                improved = true;
                            }
                        }
                    }
                }
            }
        }
        while (improved);
    }

    // ((k + step)^2 - k^2) / n, multiplied by the product n*o1*o2*o3 of the four cells' sizes
    // (all > 0 here) so the comparison is exact
    private static long Delta(int k, int step, int n, int o1, int o2, int o3)
    {
        _ = n;
        return (((long)(k + step) * (k + step)) - ((long)k * k)) * o1 * o2 * o3;
    }

    // One unit of flow along a shortest residual path; BFS over topics and levels, visiting
    // candidate cells in order of their load (take+1)/available, lowest first.
    private static bool Augment(int topics, int[] available, int[] take, int[] topicLeft, int[] levelLeft)
    {
        var nodes = topics + Levels;                 // 0..topics-1 = topics, topics.. = levels
        var parent = new int[nodes];
        Array.Fill(parent, -2);
        var queue = new Queue<int>();
        foreach (var t in Enumerable.Range(0, topics).Where(t => topicLeft[t] > 0))
        {
            parent[t] = -1;
            queue.Enqueue(t);
        }
        while (queue.Count > 0)
        {
            var n = queue.Dequeue();
            if (n < topics)
            {
                var order = Enumerable.Range(0, Levels)
                    .Where(d => take[(n * Levels) + d] < available[(n * Levels) + d])
                    .OrderBy(d => (take[(n * Levels) + d] + 1) / (double)available[(n * Levels) + d])
                    .ThenBy(d => d);
                foreach (var d in order)
                {
                    var level = topics + d;
                    if (parent[level] != -2)
                    {
                        continue;
                    }
                    parent[level] = n;
                    if (levelLeft[d] > 0)
                    {
                        // found: walk back, alternating forward (topic->level) and reverse (level->topic) moves
                        levelLeft[d]--;
                        var cur = level;
                        while (true)
                        {
                            var topic = parent[cur];
                            take[(topic * Levels) + (cur - topics)]++;
                            var back = parent[topic];
                            if (back == -1)
                            {
                                topicLeft[topic]--;
                                return true;
                            }
                            take[(topic * Levels) + (back - topics)]--;
                            cur = back;
                        }
                    }
                    queue.Enqueue(level);
                }
            }
            else
            {
                var d = n - topics;
                for (var t = 0; t < topics; t++)
                {
                    if (parent[t] == -2 && take[(t * Levels) + d] > 0)
                    {
                        parent[t] = n;
                        queue.Enqueue(t);
                    }
                }
            }
        }
        return false;
    }
}
