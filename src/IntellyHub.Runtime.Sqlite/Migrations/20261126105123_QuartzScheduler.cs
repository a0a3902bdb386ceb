using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace IntellyHub.Runtime.Sqlite.Migrations
{
    /// <summary>
    /// Nothing on SQLite: there the scheduler keeps its triggers in memory and rebuilds them from the triggers and
    /// bookmarks tables at start. The migration exists so that both providers have the same migration history (the
    /// PostgreSQL one creates Quartz.NET's tables).
    /// </summary>
    public partial class QuartzScheduler : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
        }
    }
}
