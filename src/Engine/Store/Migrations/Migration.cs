namespace Berth.Engine.Store.Migrations;

/// <summary>One numbered SQL file from <c>migrations/{driver}/</c>, e.g. <c>0001_revision_log</c>.</summary>
public sealed record Migration(string Version, string Sql);
