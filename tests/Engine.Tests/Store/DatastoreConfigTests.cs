using Berth.Engine.Store;
using Npgsql;

namespace Berth.Engine.Tests.Store;

public sealed class DatastoreConfigTests
{
    private const string DataDirectory = "/var/lib/berth";

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("   ")]
    public void No_datastore_means_the_embedded_sqlite_file_in_the_data_directory(string? datastore)
    {
        var config = DatastoreConfig.Parse(datastore, DataDirectory);

        Assert.Equal(DatastoreKind.Sqlite, config.Kind);
        Assert.Equal("sqlite:/var/lib/berth/berth.db", config.Display);
    }

    [Fact]
    public void A_sqlite_url_names_the_file()
    {
        var config = DatastoreConfig.Parse("sqlite:///srv/berth/state.db", DataDirectory);

        Assert.Equal(DatastoreKind.Sqlite, config.Kind);
        Assert.Equal("sqlite:/srv/berth/state.db", config.Display);
    }

    [Theory]
    [InlineData("postgres://berth:s3cret@db.internal:6432/berth_prod?sslmode=require")]
    [InlineData("postgresql://berth:s3cret@db.internal:6432/berth_prod?sslmode=require")]
    public void A_postgres_url_becomes_a_connection_string_with_every_part(string datastore)
    {
        var config = DatastoreConfig.Parse(datastore, DataDirectory);

        Assert.Equal(DatastoreKind.Postgres, config.Kind);
        var parsed = new NpgsqlConnectionStringBuilder(config.ConnectionString);
        Assert.Equal(("db.internal", 6432, "berth_prod", "berth", "s3cret", SslMode.Require),
            (parsed.Host, parsed.Port, parsed.Database, parsed.Username, parsed.Password, parsed.SslMode));
        Assert.Equal("postgres://berth@db.internal:6432/berth_prod", config.Display);
    }

    [Fact]
    public void A_postgres_url_defaults_to_port_5432_and_database_postgres_and_decodes_escapes()
    {
        var config = DatastoreConfig.Parse("postgres://berth:p%40ss%3Aword@db.internal", DataDirectory);

        var parsed = new NpgsqlConnectionStringBuilder(config.ConnectionString);
        Assert.Equal((5432, "postgres", "p@ss:word"), (parsed.Port, parsed.Database, parsed.Password));
    }

    [Fact]
    public void A_key_value_connection_string_is_taken_as_postgres_and_displayed_without_its_password()
    {
        var config = DatastoreConfig.Parse("Host=db.internal;Port=6432;Username=berth;Password=s3cret;Database=berth", DataDirectory);

        Assert.Equal(DatastoreKind.Postgres, config.Kind);
        Assert.Equal("postgres://berth@db.internal:6432/berth", config.Display);
    }

    [Theory]
    [InlineData("sqlite://")]
    [InlineData("mysql://berth:s3cret@db.internal/berth")]
    [InlineData("postgres://berth:s3cret@/berth")]
    [InlineData("postgres://berth:s3cret@db.internal/berth?nonsense=1")]
    [InlineData("Port=5432;Username=berth;Password=s3cret")]
    [InlineData("Host=db.internal;Password=s3cret;Nonsense=1")]
    [InlineData("just some words")]
    public void A_datastore_that_does_not_parse_fails_with_a_one_line_reason_that_shows_no_password(string datastore)
    {
        var e = Assert.Throws<FormatException>(() => DatastoreConfig.Parse(datastore, DataDirectory));

        Assert.DoesNotContain("s3cret", e.Message);
        Assert.DoesNotContain('\n', e.Message);
        Assert.NotEmpty(e.Message);
    }
}
