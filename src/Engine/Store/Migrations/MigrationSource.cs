using System.Reflection;

namespace Berth.Engine.Store.Migrations;

/// <summary>The SQL files under <c>migrations/</c>, compiled into the Engine assembly so the binary needs no checkout.</summary>
public static class MigrationSource
{
    public static IReadOnlyList<Migration> For(DatastoreKind kind)
    {
        var folder = kind == DatastoreKind.Postgres ? "postgres" : "sqlite";
        var assembly = typeof(MigrationSource).Assembly;
        var prefix = $"migrations/{folder}/";
        return assembly.GetManifestResourceNames()
            .Where(n => n.StartsWith(prefix, StringComparison.Ordinal) && n.EndsWith(".sql", StringComparison.Ordinal))
            .Order(StringComparer.Ordinal)
            .Select(n => new Migration(Path.GetFileNameWithoutExtension(n[prefix.Length..]), Read(assembly, n)))
            .ToList();
    }

    private static string Read(Assembly assembly, string name)
    {
        using var stream = assembly.GetManifestResourceStream(name)!;
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }
}
