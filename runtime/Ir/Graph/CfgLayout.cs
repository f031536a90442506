namespace Ruchy.Ir;

/// <summary>
/// A layered drawing of a directed graph of boxes (Sugiyama style, kept small): back edges found by a DFS
/// from the root, ranks by longest path over the remaining edges, dummy nodes where an edge spans several
/// ranks, order within a rank by barycenter sweeps (the order with fewest crossings kept), x by pulling nodes
/// towards their neighbours, dummies first so long edges run straight. Back edges are routed around the right side, through the gaps between ranks.
/// Everything is decided by node and edge indices, so the same graph always gets the same drawing.
/// </summary>
internal sealed class CfgLayout
{
    public const double RankGap = 44, TrackGap = 8, NodeGap = 28, DummyGap = 12, LaneGap = 18, LaneStep = 10;

    /// <summary>An edge's drawing: forward edges alternate gap crossings (curves) and straight runs past dummies; back edges are orthogonal.</summary>
    public sealed class Route(bool back, List<(double X, double Y)> points)
    {
        public readonly bool Back = back;
        public readonly List<(double X, double Y)> Points = points;
    }

    public readonly double[] X, Y;
    public readonly Route[] Routes;
    public readonly bool[] IsBack;
    public double Width, Height;

    private readonly int _real;
    private readonly List<double> _w = new(), _h = new();
    private readonly List<int> _rank = new();
    private readonly List<List<int>> _up = new(), _down = new();
    private List<List<int>> _layers = new();
    private readonly List<double> _x = new();

    /// <summary>Lays out nodes of the given sizes (node 0 is the root) with edges given in drawing order.</summary>
    public CfgLayout(IReadOnlyList<double> widths, IReadOnlyList<double> heights, IReadOnlyList<(int From, int To)> edges)
    {
        _real = widths.Count;
        for (int i = 0; i < _real; i++) AddNode(widths[i], heights[i], 0);
        IsBack = FindBackEdges(edges, out var rpo);
        AssignRanks(edges, rpo);

        // Each forward edge becomes a chain of segments through one dummy per rank it skips.
        var chains = new List<int>[edges.Count];
        for (int e = 0; e < edges.Count; e++)
        {
            if (IsBack[e]) continue;
            var chain = new List<int> { edges[e].From };
            for (int r = _rank[edges[e].From] + 1; r < _rank[edges[e].To]; r++) chain.Add(AddNode(0, 0, r));
            chain.Add(edges[e].To);
            for (int k = 0; k + 1 < chain.Count; k++)
            {
                _down[chain[k]].Add(chain[k + 1]);
                _up[chain[k + 1]].Add(chain[k]);
            }
            chains[e] = chain;
        }

        int ranks = 0;
        for (int v = 0; v < _real; v++) ranks = Math.Max(ranks, _rank[v] + 1);
        for (int r = 0; r < ranks; r++) _layers.Add(new List<int>());
        foreach (int v in rpo) _layers[_rank[v]].Add(v);
        for (int v = _real; v < _rank.Count; v++) _layers[_rank[v]].Add(v);
        Order();
        PlaceX();

        // Back edges: each takes a horizontal track in the gap below its source and above its target.
        var tracks = new int[ranks + 1];
        var backs = Enumerable.Range(0, edges.Count).Where(e => IsBack[e])
            .OrderBy(e => _rank[edges[e].From] - _rank[edges[e].To]).ThenBy(e => e).ToList();
        var below = new Dictionary<int, int>();
        var above = new Dictionary<int, int>();
        foreach (int e in backs)
        {
            below[e] = tracks[_rank[edges[e].From] + 1]++;
            above[e] = tracks[_rank[edges[e].To]]++;
        }
        var gapTop = new double[ranks + 1];
        var rankTop = new double[ranks];
        var rankHeight = new double[ranks];
        double y = 0;
        for (int r = 0; r <= ranks; r++)
        {
            gapTop[r] = y;
            bool outer = r == 0 || r == ranks;
            y += outer ? (tracks[r] > 0 ? 12 + tracks[r] * TrackGap : 0) : RankGap + tracks[r] * TrackGap;
            if (r == ranks) break;
            rankTop[r] = y;
            foreach (int v in _layers[r]) rankHeight[r] = Math.Max(rankHeight[r], _h[v]);
            y += rankHeight[r];
        }
        Height = y;
        double TrackY(int gap, int track) => gapTop[gap] + (gap == 0 ? 6 : 12) + track * TrackGap;

        X = new double[_real];
        Y = new double[_real];
        for (int v = 0; v < _real; v++)
        {
            X[v] = _x[v] - _w[v] / 2;
            Y[v] = rankTop[_rank[v]];
        }
        Width = 0;
        for (int v = 0; v < _rank.Count; v++) Width = Math.Max(Width, _x[v] + _w[v] / 2);

        // Lanes: inner loops nearer the boxes, each outside every lane whose ranks it overlaps.
        var lane = new Dictionary<int, double>();
        foreach (int e in backs)
        {
            int lo = _rank[edges[e].To], hi = _rank[edges[e].From];
            double x = 0;
            for (int r = lo; r <= hi; r++)
                foreach (int v in _layers[r]) x = Math.Max(x, _x[v] + _w[v] / 2 + LaneGap);
            foreach (var (other, ox) in lane)
                if (_rank[edges[other].To] <= hi && lo <= _rank[edges[other].From]) x = Math.Max(x, ox + LaneStep);
            lane[e] = x;
            Width = Math.Max(Width, x + LaneGap);
        }

        // Ports: out-edges spread along the bottom ordered by where they go, in-edges along the top by where they come from.
        var outPort = new double[edges.Count];
        var inPort = new double[edges.Count];
        for (int v = 0; v < _real; v++)
        {
            var outs = new List<(double Key, int Edge)>();
            var ins = new List<(double Key, int Edge)>();
            for (int e = 0; e < edges.Count; e++)
            {
                if (edges[e].From == v) outs.Add((IsBack[e] ? double.MaxValue : _x[chains[e]![1]], e));
                if (edges[e].To == v) ins.Add((IsBack[e] ? double.MaxValue : _x[chains[e]![^2]], e));
            }
            Spread(outs, v, outPort);
            Spread(ins, v, inPort);
        }

        Routes = new Route[edges.Count];
        for (int e = 0; e < edges.Count; e++)
        {
            var (from, to) = edges[e];
            var points = new List<(double, double)> { (outPort[e], Y[from] + _h[from]) };
            if (IsBack[e])
            {
                double y1 = TrackY(_rank[from] + 1, below[e]), y2 = TrackY(_rank[to], above[e]);
                points.Add((outPort[e], y1));
                points.Add((lane[e], y1));
                points.Add((lane[e], y2));
                points.Add((inPort[e], y2));
            }
            else
            {
                var chain = chains[e]!;
                for (int k = 1; k + 1 < chain.Count; k++)
                {
                    int d = chain[k];
                    points.Add((_x[d], rankTop[_rank[d]]));
                    points.Add((_x[d], rankTop[_rank[d]] + rankHeight[_rank[d]]));
                }
            }
            points.Add((inPort[e], Y[to]));
            Routes[e] = new Route(IsBack[e], points);
        }
    }

    private int AddNode(double w, double h, int rank)
    {
        _w.Add(w);
        _h.Add(h);
        _rank.Add(rank);
        _up.Add(new List<int>());
        _down.Add(new List<int>());
        _x.Add(0);
        return _w.Count - 1;
    }

    /// <summary>Edges to a node still on the DFS stack close a cycle: those are the back edges (self loops included).</summary>
    private bool[] FindBackEdges(IReadOnlyList<(int From, int To)> edges, out List<int> rpo)
    {
        var outEdges = new List<int>[_real];
        for (int v = 0; v < _real; v++) outEdges[v] = new List<int>();
        for (int e = 0; e < edges.Count; e++) outEdges[edges[e].From].Add(e);
        var back = new bool[edges.Count];
        var state = new byte[_real]; // 0 new, 1 on the stack, 2 done
        var post = new List<int>();
        var stack = new Stack<(int Node, int Next)>();
        for (int root = 0; root < _real; root++)
        {
            if (state[root] != 0) continue;
            state[root] = 1;
            stack.Push((root, 0));
            while (stack.Count > 0)
            {
                var (v, next) = stack.Pop();
                if (next == outEdges[v].Count)
                {
                    state[v] = 2;
                    post.Add(v);
                    continue;
                }
                stack.Push((v, next + 1));
                int e = outEdges[v][next], w = edges[e].To;
                if (state[w] == 1) back[e] = true;
                else if (state[w] == 0)
                {
                    state[w] = 1;
                    stack.Push((w, 0));
                }
            }
        }
        post.Reverse();
        rpo = post;
        return back;
    }

    /// <summary>Longest path from the sources: reverse postorder is a topological order of the forward edges.</summary>
    private void AssignRanks(IReadOnlyList<(int From, int To)> edges, List<int> rpo)
    {
        var outEdges = new List<int>[_real];
        for (int v = 0; v < _real; v++) outEdges[v] = new List<int>();
        for (int e = 0; e < edges.Count; e++)
            if (!IsBack[e]) outEdges[edges[e].From].Add(e);
        foreach (int v in rpo)
            foreach (int e in outEdges[v])
                _rank[edges[e].To] = Math.Max(_rank[edges[e].To], _rank[v] + 1);
    }

    /// <summary>Barycenter sweeps down and up; the ordering with the fewest crossings wins (the first one on ties).</summary>
    private void Order()
    {
        var best = Copy(_layers);
        int bestCrossings = Crossings();
        for (int sweep = 0; sweep < 8 && bestCrossings > 0; sweep++)
        {
            bool down = sweep % 2 == 0;
            for (int i = 1; i < _layers.Count; i++)
            {
                int r = down ? i : _layers.Count - 1 - i;
                var neighbours = down ? _up : _down;
                var fixedLayer = _layers[down ? r - 1 : r + 1];
                var pos = new Dictionary<int, int>();
                for (int k = 0; k < fixedLayer.Count; k++) pos[fixedLayer[k]] = k;
                var layer = _layers[r];
                var key = new Dictionary<int, double>();
                for (int k = 0; k < layer.Count; k++)
                {
                    var ns = neighbours[layer[k]];
                    // A node without neighbours on that side keeps its place (scaled to the other layer's width).
                    key[layer[k]] = ns.Count == 0 ? k * (double)fixedLayer.Count / Math.Max(1, layer.Count) : ns.Average(n => pos[n]);
                }
                var current = new Dictionary<int, int>();
                for (int k = 0; k < layer.Count; k++) current[layer[k]] = k;
                _layers[r] = layer.OrderBy(v => key[v]).ThenBy(v => current[v]).ToList();
            }
            int c = Crossings();
            if (c < bestCrossings)
            {
                bestCrossings = c;
                best = Copy(_layers);
            }
        }
        _layers = best;
    }

    private static List<List<int>> Copy(List<List<int>> layers) => layers.Select(l => l.ToList()).ToList();

    private int Crossings()
    {
        int total = 0;
        for (int r = 0; r + 1 < _layers.Count; r++)
        {
            var top = new Dictionary<int, int>();
            var bottom = new Dictionary<int, int>();
            for (int k = 0; k < _layers[r].Count; k++) top[_layers[r][k]] = k;
            for (int k = 0; k < _layers[r + 1].Count; k++) bottom[_layers[r + 1][k]] = k;
            var segments = new List<(int A, int B)>();
            foreach (int v in _layers[r])
                foreach (int w in _down[v]) segments.Add((top[v], bottom[w]));
            for (int i = 0; i < segments.Count; i++)
                for (int j = i + 1; j < segments.Count; j++)
                    if ((segments[i].A - segments[j].A) * (segments[i].B - segments[j].B) < 0) total++;
        }
        return total;
    }

    /// <summary>
    /// Centres: packed first, then a few sweeps of the priority method (Sugiyama): in each rank, nodes move
    /// towards the mean of their neighbours one at a time, dummies first (so long edges run straight), then by
    /// degree; a node may push nodes of lower priority aside but never one already placed.
    /// </summary>
    private void PlaceX()
    {
        foreach (var layer in _layers)
        {
            double x = 0;
            for (int k = 0; k < layer.Count; k++)
            {
                if (k > 0) x += Separation(layer[k - 1], layer[k]);
                _x[layer[k]] = x;
            }
        }
        for (int sweep = 0; sweep < 5; sweep++)
        {
            bool down = sweep % 2 == 0;
            for (int i = 1; i < _layers.Count; i++)
                Pull(_layers[down ? i : _layers.Count - 1 - i], down ? _up : _down);
        }
        double min = double.MaxValue;
        for (int v = 0; v < _x.Count; v++) min = Math.Min(min, _x[v] - _w[v] / 2);
        for (int v = 0; v < _x.Count; v++) _x[v] -= min;
    }

    private void Pull(List<int> layer, List<List<int>> neighbours)
    {
        int n = layer.Count;
        var x = new double[n];
        for (int k = 0; k < n; k++) x[k] = _x[layer[k]];
        var order = Enumerable.Range(0, n)
            .OrderByDescending(k => layer[k] >= _real ? int.MaxValue : neighbours[layer[k]].Count).ThenBy(k => k).ToList();
        var done = new bool[n];
        foreach (int k in order)
        {
            var ns = neighbours[layer[k]];
            done[k] = true;
            if (ns.Count == 0) continue;
            double want = ns.Average(v => _x[v]);
            if (want < x[k])
            {
                // The nearest placed node on the left bounds how far this one (and those between) may go.
                double bound = double.MinValue, gap = 0;
                for (int j = k - 1; j >= 0; j--)
                {
                    gap += Separation(layer[j], layer[j + 1]);
                    if (done[j])
                    {
                        bound = x[j] + gap;
                        break;
                    }
                }
                x[k] = Math.Max(want, bound);
                for (int j = k - 1; j >= 0 && !done[j]; j--) x[j] = Math.Min(x[j], x[j + 1] - Separation(layer[j], layer[j + 1]));
            }
            else if (want > x[k])
            {
                double bound = double.MaxValue, gap = 0;
                for (int j = k + 1; j < n; j++)
                {
                    gap += Separation(layer[j - 1], layer[j]);
                    if (done[j])
                    {
                        bound = x[j] - gap;
                        break;
                    }
                }
                x[k] = Math.Min(want, bound);
                for (int j = k + 1; j < n && !done[j]; j++) x[j] = Math.Max(x[j], x[j - 1] + Separation(layer[j - 1], layer[j]));
            }
        }
        for (int k = 0; k < n; k++) _x[layer[k]] = x[k];
    }

    private double Separation(int a, int b) =>
        (_w[a] + _w[b]) / 2 + (a < _real && b < _real ? NodeGap : DummyGap);

    private void Spread(List<(double Key, int Edge)> ports, int v, double[] at)
    {
        ports.Sort((p, q) => p.Key != q.Key ? p.Key.CompareTo(q.Key) : p.Edge.CompareTo(q.Edge));
        for (int i = 0; i < ports.Count; i++) at[ports[i].Edge] = _x[v] - _w[v] / 2 + _w[v] * (i + 1) / (ports.Count + 1);
    }
}
