using Berth.Web.Editing;

namespace Berth.Api.Tests.Dashboard;

/// <summary>The line diff the dashboard shows conflicts and revisions with.</summary>
public sealed class LineDiffTests
{
    [Fact]
    public void Identical_texts_are_all_the_same()
    {
        var diff = LineDiff.Compare("a\nb\n", "a\nb\n");
        Assert.All(diff, d => Assert.Equal(DiffKind.Same, d.Kind));
        Assert.Equal([(1, 1), (2, 2)], diff.Select(d => (d.OldNumber, d.NewNumber)));
    }

    [Fact]
    public void A_changed_line_is_removed_then_added_with_both_numberings()
    {
        var diff = LineDiff.Compare("kind: ConfigMap\ndata:\n  mode: first\n  size: 1\n", "kind: ConfigMap\ndata:\n  mode: second\n  size: 1\n");
        Assert.Equal(
            [(DiffKind.Same, 1, 1, "kind: ConfigMap"), (DiffKind.Same, 2, 2, "data:"), (DiffKind.Removed, 3, 0, "  mode: first"),
             (DiffKind.Added, 0, 3, "  mode: second"), (DiffKind.Same, 4, 4, "  size: 1")],
            diff.Select(d => (d.Kind, d.OldNumber, d.NewNumber, d.Text)));
    }

    [Fact]
    public void The_longest_common_subsequence_is_kept_across_insertions_and_deletions()
    {
        // a b c d e f → a c d x e: b and f go, x comes, a c d e stay (the most lines in common).
        var diff = LineDiff.Compare("a\nb\nc\nd\ne\nf", "a\nc\nd\nx\ne");
        Assert.Equal(["a", "c", "d", "e"], diff.Where(d => d.Kind == DiffKind.Same).Select(d => d.Text));
        Assert.Equal(["b", "f"], diff.Where(d => d.Kind == DiffKind.Removed).Select(d => d.Text));
        Assert.Equal(["x"], diff.Where(d => d.Kind == DiffKind.Added).Select(d => d.Text));
        Assert.Equal("a\nb\nc\nd\nx\ne\nf", string.Join('\n', diff.Select(d => d.Text)));
    }

    [Fact]
    public void Empty_texts_diff_to_pure_additions_or_removals()
    {
        Assert.Equal([DiffKind.Added, DiffKind.Added], LineDiff.Compare("", "a\nb").Select(d => d.Kind));
        Assert.Equal([DiffKind.Removed], LineDiff.Compare("a\n", "").Select(d => d.Kind));
        Assert.Empty(LineDiff.Compare("", ""));
    }

    [Fact]
    public void Side_by_side_pairs_a_replaced_run_and_leaves_the_rest_of_the_longer_side_alone()
    {
        var rows = LineDiff.SideBySide(LineDiff.Compare("a\nb\nc\nz", "a\nB\nz"));
        Assert.Equal(
            [("a", "a"), ("b", "B"), ("c", (string?)null), ("z", "z")],
            rows.Select(r => (r.Left?.Text, r.Right?.Text)));
    }
}
