using System;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace AsnCat.Server.Data.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class Initial : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "answerevents",
                columns: table => new
                {
                    id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    examsessionid = table.Column<int>(type: "integer", nullable: false),
                    attemptid = table.Column<int>(type: "integer", nullable: false),
                    position = table.Column<int>(type: "integer", nullable: false),
                    option = table.Column<int>(type: "integer", nullable: true),
                    doubtful = table.Column<bool>(type: "boolean", nullable: false),
                    seq = table.Column<long>(type: "bigint", nullable: false),
                    kind = table.Column<string>(type: "character varying(10)", maxLength: 10, nullable: false),
                    at = table.Column<long>(type: "bigint", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_answerevents", x => x.id);
                    table.CheckConstraint("CK_AnswerEvents_Option", "\"option\" IS NULL OR \"option\" BETWEEN 0 AND 4");
                    table.CheckConstraint("CK_AnswerEvents_Position", "\"position\" >= 0");
                });

            migrationBuilder.CreateTable(
                name: "aspnetroles",
                columns: table => new
                {
                    id = table.Column<string>(type: "text", nullable: false),
                    name = table.Column<string>(type: "character varying(256)", maxLength: 256, nullable: true),
                    normalizedname = table.Column<string>(type: "character varying(256)", maxLength: 256, nullable: true),
                    concurrencystamp = table.Column<string>(type: "text", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_aspnetroles", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "aspnetusers",
                columns: table => new
                {
                    id = table.Column<string>(type: "text", nullable: false),
                    displayname = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    mustchangepassword = table.Column<bool>(type: "boolean", nullable: false),
                    venues = table.Column<string>(type: "text", nullable: false),
                    username = table.Column<string>(type: "character varying(256)", maxLength: 256, nullable: true),
                    normalizedusername = table.Column<string>(type: "character varying(256)", maxLength: 256, nullable: true),
                    email = table.Column<string>(type: "character varying(256)", maxLength: 256, nullable: true),
                    normalizedemail = table.Column<string>(type: "character varying(256)", maxLength: 256, nullable: true),
                    emailconfirmed = table.Column<bool>(type: "boolean", nullable: false),
                    passwordhash = table.Column<string>(type: "text", nullable: true),
                    securitystamp = table.Column<string>(type: "text", nullable: true),
                    concurrencystamp = table.Column<string>(type: "text", nullable: true),
                    phonenumber = table.Column<string>(type: "text", nullable: true),
                    phonenumberconfirmed = table.Column<bool>(type: "boolean", nullable: false),
                    twofactorenabled = table.Column<bool>(type: "boolean", nullable: false),
                    lockoutend = table.Column<long>(type: "bigint", nullable: true),
                    lockoutenabled = table.Column<bool>(type: "boolean", nullable: false),
                    accessfailedcount = table.Column<int>(type: "integer", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_aspnetusers", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "auditentries",
                columns: table => new
                {
                    id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    at = table.Column<long>(type: "bigint", nullable: false),
                    actor = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    address = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: true),
                    action = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    subject = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: true),
                    details = table.Column<string>(type: "text", nullable: true),
                    hash = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_auditentries", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "blueprintsnapshots",
                columns: table => new
                {
                    id = table.Column<int>(type: "integer", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    code = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    hash = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    yaml = table.Column<string>(type: "text", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_blueprintsnapshots", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "formations",
                columns: table => new
                {
                    id = table.Column<int>(type: "integer", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    code = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    agency = table.Column<string>(type: "character varying(300)", maxLength: 300, nullable: false),
                    position = table.Column<string>(type: "character varying(300)", maxLength: 300, nullable: false),
                    location = table.Column<string>(type: "character varying(300)", maxLength: 300, nullable: false),
                    quota = table.Column<int>(type: "integer", nullable: false),
                    education = table.Column<string>(type: "character varying(300)", maxLength: 300, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_formations", x => x.id);
                    table.CheckConstraint("CK_Formations_Quota", "\"quota\" > 0");
                });

            migrationBuilder.CreateTable(
                name: "publications",
                columns: table => new
                {
                    id = table.Column<int>(type: "integer", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    kind = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    subject = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    version = table.Column<int>(type: "integer", nullable: false),
                    publishedat = table.Column<long>(type: "bigint", nullable: false),
                    publishedby = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    title = table.Column<string>(type: "character varying(500)", maxLength: 500, nullable: false),
                    rowsjson = table.Column<string>(type: "text", nullable: false),
                    rowssha256 = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    ledgerhead = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_publications", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "serverheartbeats",
                columns: table => new
                {
                    id = table.Column<int>(type: "integer", nullable: false),
                    at = table.Column<long>(type: "bigint", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_serverheartbeats", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "aspnetroleclaims",
                columns: table => new
                {
                    id = table.Column<int>(type: "integer", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    roleid = table.Column<string>(type: "text", nullable: false),
                    claimtype = table.Column<string>(type: "text", nullable: true),
                    claimvalue = table.Column<string>(type: "text", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_aspnetroleclaims", x => x.id);
                    table.ForeignKey(
                        name: "FK_aspnetroleclaims_aspnetroles_roleid",
                        column: x => x.roleid,
                        principalTable: "aspnetroles",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "aspnetuserclaims",
                columns: table => new
                {
                    id = table.Column<int>(type: "integer", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    userid = table.Column<string>(type: "text", nullable: false),
                    claimtype = table.Column<string>(type: "text", nullable: true),
                    claimvalue = table.Column<string>(type: "text", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_aspnetuserclaims", x => x.id);
                    table.ForeignKey(
                        name: "FK_aspnetuserclaims_aspnetusers_userid",
                        column: x => x.userid,
                        principalTable: "aspnetusers",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "aspnetuserlogins",
                columns: table => new
                {
                    loginprovider = table.Column<string>(type: "text", nullable: false),
                    providerkey = table.Column<string>(type: "text", nullable: false),
                    providerdisplayname = table.Column<string>(type: "text", nullable: true),
                    userid = table.Column<string>(type: "text", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_aspnetuserlogins", x => new { x.loginprovider, x.providerkey });
                    table.ForeignKey(
                        name: "FK_aspnetuserlogins_aspnetusers_userid",
                        column: x => x.userid,
                        principalTable: "aspnetusers",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "aspnetuserroles",
                columns: table => new
                {
                    userid = table.Column<string>(type: "text", nullable: false),
                    roleid = table.Column<string>(type: "text", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_aspnetuserroles", x => new { x.userid, x.roleid });
                    table.ForeignKey(
                        name: "FK_aspnetuserroles_aspnetroles_roleid",
                        column: x => x.roleid,
                        principalTable: "aspnetroles",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "FK_aspnetuserroles_aspnetusers_userid",
                        column: x => x.userid,
                        principalTable: "aspnetusers",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "aspnetusertokens",
                columns: table => new
                {
                    userid = table.Column<string>(type: "text", nullable: false),
                    loginprovider = table.Column<string>(type: "text", nullable: false),
                    name = table.Column<string>(type: "text", nullable: false),
                    value = table.Column<string>(type: "text", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_aspnetusertokens", x => new { x.userid, x.loginprovider, x.name });
                    table.ForeignKey(
                        name: "FK_aspnetusertokens_aspnetusers_userid",
                        column: x => x.userid,
                        principalTable: "aspnetusers",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "bankversions",
                columns: table => new
                {
                    id = table.Column<int>(type: "integer", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    code = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    title = table.Column<string>(type: "character varying(300)", maxLength: 300, nullable: false),
                    blueprintcode = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    blueprintsnapshotid = table.Column<int>(type: "integer", nullable: false),
                    hash = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    importedat = table.Column<long>(type: "bigint", nullable: false),
                    itemcount = table.Column<int>(type: "integer", nullable: false),
                    locked = table.Column<bool>(type: "boolean", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_bankversions", x => x.id);
                    table.ForeignKey(
                        name: "FK_bankversions_blueprintsnapshots_blueprintsnapshotid",
                        column: x => x.blueprintsnapshotid,
                        principalTable: "blueprintsnapshots",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "candidates",
                columns: table => new
                {
                    id = table.Column<int>(type: "integer", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    participantnumber = table.Column<string>(type: "character varying(50)", maxLength: 50, nullable: false),
                    name = table.Column<string>(type: "character varying(300)", maxLength: 300, nullable: false),
                    nik = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    birthdate = table.Column<DateOnly>(type: "date", nullable: false),
                    formationid = table.Column<int>(type: "integer", nullable: false),
                    category = table.Column<string>(type: "character varying(50)", maxLength: 50, nullable: false),
                    extraminutes = table.Column<int>(type: "integer", nullable: false),
                    largefont = table.Column<bool>(type: "boolean", nullable: false),
                    screenreader = table.Column<bool>(type: "boolean", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_candidates", x => x.id);
                    table.CheckConstraint("CK_Candidates_ExtraMinutes", "\"extraminutes\" >= 0");
                    table.CheckConstraint("CK_Candidates_Nik", "length(\"nik\") = 16 AND \"nik\" ~ '^[0-9]*$'");
                    table.ForeignKey(
                        name: "FK_candidates_formations_formationid",
                        column: x => x.formationid,
                        principalTable: "formations",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "bankimages",
                columns: table => new
                {
                    id = table.Column<int>(type: "integer", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    bankversionid = table.Column<int>(type: "integer", nullable: false),
                    path = table.Column<string>(type: "character varying(300)", maxLength: 300, nullable: false),
                    contenttype = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    bytes = table.Column<byte[]>(type: "bytea", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_bankimages", x => x.id);
                    table.ForeignKey(
                        name: "FK_bankimages_bankversions_bankversionid",
                        column: x => x.bankversionid,
                        principalTable: "bankversions",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "bankitems",
                columns: table => new
                {
                    id = table.Column<int>(type: "integer", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    bankversionid = table.Column<int>(type: "integer", nullable: false),
                    ordinal = table.Column<int>(type: "integer", nullable: false),
                    itemid = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    subtest = table.Column<string>(type: "character varying(50)", maxLength: 50, nullable: false),
                    subtopic = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    difficulty = table.Column<string>(type: "text", nullable: false),
                    content = table.Column<string>(type: "text", nullable: false),
                    answer = table.Column<int>(type: "integer", nullable: true),
                    weights = table.Column<int[]>(type: "integer[]", nullable: true),
                    explanation = table.Column<string>(type: "text", nullable: true),
                    sourcefile = table.Column<string>(type: "character varying(300)", maxLength: 300, nullable: false),
                    line = table.Column<int>(type: "integer", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_bankitems", x => x.id);
                    table.CheckConstraint("CK_BankItems_Answer", "\"answer\" IS NULL OR \"answer\" BETWEEN 0 AND 4");
                    table.CheckConstraint("CK_BankItems_Secret", "(\"answer\" IS NULL) <> (\"weights\" IS NULL)");
                    table.ForeignKey(
                        name: "FK_bankitems_bankversions_bankversionid",
                        column: x => x.bankversionid,
                        principalTable: "bankversions",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "examsessions",
                columns: table => new
                {
                    id = table.Column<int>(type: "integer", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    code = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    venue = table.Column<string>(type: "character varying(300)", maxLength: 300, nullable: false),
                    timezone = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    startsat = table.Column<long>(type: "bigint", nullable: false),
                    room = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: true),
                    seats = table.Column<int>(type: "integer", nullable: false),
                    blueprintcode = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    blueprintsnapshotid = table.Column<int>(type: "integer", nullable: false),
                    bankversionid = table.Column<int>(type: "integer", nullable: false),
                    thresholdsetcode = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    seed = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    state = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    startedat = table.Column<long>(type: "bigint", nullable: true),
                    pausedat = table.Column<long>(type: "bigint", nullable: true),
                    pausereason = table.Column<string>(type: "character varying(500)", maxLength: 500, nullable: true),
                    endedat = table.Column<long>(type: "bigint", nullable: true),
                    ledgerhead = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: true),
                    bundlesha256 = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_examsessions", x => x.id);
                    table.ForeignKey(
                        name: "FK_examsessions_bankversions_bankversionid",
                        column: x => x.bankversionid,
                        principalTable: "bankversions",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_examsessions_blueprintsnapshots_blueprintsnapshotid",
                        column: x => x.blueprintsnapshotid,
                        principalTable: "blueprintsnapshots",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "skbscores",
                columns: table => new
                {
                    id = table.Column<int>(type: "integer", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    candidateid = table.Column<int>(type: "integer", nullable: false),
                    scoremilli = table.Column<int>(type: "integer", nullable: false),
                    gpacenti = table.Column<int>(type: "integer", nullable: true),
                    importedat = table.Column<long>(type: "bigint", nullable: false),
                    importedby = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_skbscores", x => x.id);
                    table.ForeignKey(
                        name: "FK_skbscores_candidates_candidateid",
                        column: x => x.candidateid,
                        principalTable: "candidates",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "attempts",
                columns: table => new
                {
                    id = table.Column<int>(type: "integer", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    examsessionid = table.Column<int>(type: "integer", nullable: false),
                    candidateid = table.Column<int>(type: "integer", nullable: false),
                    pinhash = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: true),
                    failedpincount = table.Column<int>(type: "integer", nullable: false),
                    lockeduntil = table.Column<long>(type: "bigint", nullable: true),
                    state = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    settext = table.Column<string>(type: "text", nullable: true),
                    startedat = table.Column<long>(type: "bigint", nullable: true),
                    deadline = table.Column<long>(type: "bigint", nullable: true),
                    extraminutes = table.Column<int>(type: "integer", nullable: false),
                    finishedat = table.Column<long>(type: "bigint", nullable: true),
                    pausedat = table.Column<long>(type: "bigint", nullable: true),
                    pausereason = table.Column<string>(type: "character varying(500)", maxLength: 500, nullable: true),
                    fontstep = table.Column<int>(type: "integer", nullable: true),
                    highcontrast = table.Column<bool>(type: "boolean", nullable: false),
                    lastposition = table.Column<int>(type: "integer", nullable: true),
                    scores = table.Column<string>(type: "text", nullable: true),
                    total = table.Column<int>(type: "integer", nullable: true),
                    passed = table.Column<bool>(type: "boolean", nullable: true),
                    seat = table.Column<int>(type: "integer", nullable: true),
                    tokenhash = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: true),
                    endedby = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: true),
                    terminalid = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: true),
                    connectionid = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: true),
                    version = table.Column<int>(type: "integer", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_attempts", x => x.id);
                    table.CheckConstraint("CK_Attempts_ExtraMinutes", "\"extraminutes\" >= 0");
                    table.CheckConstraint("CK_Attempts_FailedPinCount", "\"failedpincount\" >= 0");
                    table.ForeignKey(
                        name: "FK_attempts_candidates_candidateid",
                        column: x => x.candidateid,
                        principalTable: "candidates",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_attempts_examsessions_examsessionid",
                        column: x => x.examsessionid,
                        principalTable: "examsessions",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "answers",
                columns: table => new
                {
                    attemptid = table.Column<int>(type: "integer", nullable: false),
                    position = table.Column<int>(type: "integer", nullable: false),
                    option = table.Column<int>(type: "integer", nullable: true),
                    doubtful = table.Column<bool>(type: "boolean", nullable: false),
                    seq = table.Column<long>(type: "bigint", nullable: false),
                    doubtfulseq = table.Column<long>(type: "bigint", nullable: false),
                    savedat = table.Column<long>(type: "bigint", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_answers", x => new { x.attemptid, x.position });
                    table.CheckConstraint("CK_Answers_Option", "\"option\" IS NULL OR \"option\" BETWEEN 0 AND 4");
                    table.CheckConstraint("CK_Answers_Position", "\"position\" >= 0");
                    table.ForeignKey(
                        name: "FK_answers_attempts_attemptid",
                        column: x => x.attemptid,
                        principalTable: "attempts",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateIndex(
                name: "IX_answerevents_examsessionid_id",
                table: "answerevents",
                columns: new[] { "examsessionid", "id" });

            migrationBuilder.CreateIndex(
                name: "IX_aspnetroleclaims_roleid",
                table: "aspnetroleclaims",
                column: "roleid");

            migrationBuilder.CreateIndex(
                name: "RoleNameIndex",
                table: "aspnetroles",
                column: "normalizedname",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_aspnetuserclaims_userid",
                table: "aspnetuserclaims",
                column: "userid");

            migrationBuilder.CreateIndex(
                name: "IX_aspnetuserlogins_userid",
                table: "aspnetuserlogins",
                column: "userid");

            migrationBuilder.CreateIndex(
                name: "IX_aspnetuserroles_roleid",
                table: "aspnetuserroles",
                column: "roleid");

            migrationBuilder.CreateIndex(
                name: "EmailIndex",
                table: "aspnetusers",
                column: "normalizedemail");

            migrationBuilder.CreateIndex(
                name: "UserNameIndex",
                table: "aspnetusers",
                column: "normalizedusername",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_attempts_candidateid",
                table: "attempts",
                column: "candidateid");

            migrationBuilder.CreateIndex(
                name: "IX_attempts_examsessionid_candidateid",
                table: "attempts",
                columns: new[] { "examsessionid", "candidateid" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_attempts_examsessionid_state",
                table: "attempts",
                columns: new[] { "examsessionid", "state" });

            migrationBuilder.CreateIndex(
                name: "IX_attempts_tokenhash",
                table: "attempts",
                column: "tokenhash");

            migrationBuilder.CreateIndex(
                name: "IX_auditentries_at",
                table: "auditentries",
                column: "at");

            migrationBuilder.CreateIndex(
                name: "IX_auditentries_subject",
                table: "auditentries",
                column: "subject");

            migrationBuilder.CreateIndex(
                name: "IX_bankimages_bankversionid_path",
                table: "bankimages",
                columns: new[] { "bankversionid", "path" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_bankitems_bankversionid_itemid",
                table: "bankitems",
                columns: new[] { "bankversionid", "itemid" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_bankitems_bankversionid_ordinal",
                table: "bankitems",
                columns: new[] { "bankversionid", "ordinal" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_bankversions_blueprintsnapshotid",
                table: "bankversions",
                column: "blueprintsnapshotid");

            migrationBuilder.CreateIndex(
                name: "IX_bankversions_code",
                table: "bankversions",
                column: "code");

            migrationBuilder.CreateIndex(
                name: "IX_bankversions_hash",
                table: "bankversions",
                column: "hash",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_blueprintsnapshots_code",
                table: "blueprintsnapshots",
                column: "code");

            migrationBuilder.CreateIndex(
                name: "IX_blueprintsnapshots_hash",
                table: "blueprintsnapshots",
                column: "hash",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_candidates_formationid",
                table: "candidates",
                column: "formationid");

            migrationBuilder.CreateIndex(
                name: "IX_candidates_participantnumber",
                table: "candidates",
                column: "participantnumber",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_examsessions_bankversionid",
                table: "examsessions",
                column: "bankversionid");

            migrationBuilder.CreateIndex(
                name: "IX_examsessions_blueprintsnapshotid",
                table: "examsessions",
                column: "blueprintsnapshotid");

            migrationBuilder.CreateIndex(
                name: "IX_examsessions_code",
                table: "examsessions",
                column: "code",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_examsessions_startsat",
                table: "examsessions",
                column: "startsat");

            migrationBuilder.CreateIndex(
                name: "IX_examsessions_state",
                table: "examsessions",
                column: "state");

            migrationBuilder.CreateIndex(
                name: "IX_formations_code",
                table: "formations",
                column: "code",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_publications_kind_subject_version",
                table: "publications",
                columns: new[] { "kind", "subject", "version" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_skbscores_candidateid",
                table: "skbscores",
                column: "candidateid",
                unique: true);

            // The guarantees the SQLite migrations give with triggers (Initial: locked bank versions;
            // AuditChainTriggers: sealed audit entries), in PL/pgSQL, under the same names and with
            // the same messages. PostgreSQL also has TRUNCATE, which skips row triggers: it is
            // refused too while anything it would remove is locked or sealed.
            migrationBuilder.Sql("""
                CREATE FUNCTION asncat_refuse() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN
                    RAISE EXCEPTION '%', TG_ARGV[0];
                END $$;
                """);
            migrationBuilder.Sql("""
                CREATE FUNCTION asncat_refuse_in_locked_version() RETURNS trigger LANGUAGE plpgsql AS $$
                DECLARE version integer;
                BEGIN
                    IF TG_OP = 'INSERT' THEN version := NEW.bankversionid; ELSE version := OLD.bankversionid; END IF;
                    IF (SELECT locked FROM bankversions WHERE id = version) THEN
                        RAISE EXCEPTION 'bank version is locked';
                    END IF;
                    IF TG_OP = 'DELETE' THEN RETURN OLD; END IF;
                    RETURN NEW;
                END $$;
                """);
            migrationBuilder.Sql("""
                CREATE FUNCTION asncat_refuse_truncate() RETURNS trigger LANGUAGE plpgsql AS $$
                DECLARE found boolean;
                BEGIN
                    EXECUTE TG_ARGV[0] INTO found;
                    IF found THEN
                        RAISE EXCEPTION '%', TG_ARGV[1];
                    END IF;
                    RETURN NULL;
                END $$;
                """);
            migrationBuilder.Sql("""
                CREATE TRIGGER "TR_BankVersions_Locked_Update" BEFORE UPDATE ON bankversions
                FOR EACH ROW WHEN (OLD.locked) EXECUTE FUNCTION asncat_refuse('bank version is locked');
                CREATE TRIGGER "TR_BankVersions_Locked_Delete" BEFORE DELETE ON bankversions
                FOR EACH ROW WHEN (OLD.locked) EXECUTE FUNCTION asncat_refuse('bank version is locked');
                """);
            foreach (var table in new[] { "BankItems", "BankImages" })
            {
                migrationBuilder.Sql($"""
                    CREATE TRIGGER "TR_{table}_Locked_Insert" BEFORE INSERT ON {table.ToLowerInvariant()}
                    FOR EACH ROW EXECUTE FUNCTION asncat_refuse_in_locked_version();
                    CREATE TRIGGER "TR_{table}_Locked_Update" BEFORE UPDATE ON {table.ToLowerInvariant()}
                    FOR EACH ROW EXECUTE FUNCTION asncat_refuse_in_locked_version();
                    CREATE TRIGGER "TR_{table}_Locked_Delete" BEFORE DELETE ON {table.ToLowerInvariant()}
                    FOR EACH ROW EXECUTE FUNCTION asncat_refuse_in_locked_version();
                    """);
            }
            foreach (var table in new[] { "BankVersions", "BankItems", "BankImages" })
            {
                migrationBuilder.Sql($"""
                    CREATE TRIGGER "TR_{table}_Locked_Truncate" BEFORE TRUNCATE ON {table.ToLowerInvariant()}
                    FOR EACH STATEMENT EXECUTE FUNCTION asncat_refuse_truncate('SELECT EXISTS (SELECT 1 FROM bankversions WHERE locked)', 'bank version is locked');
                    """);
            }
            migrationBuilder.Sql("""
                CREATE TRIGGER "TR_AuditEntries_Sealed_Update" BEFORE UPDATE ON auditentries
                FOR EACH ROW WHEN (OLD.hash IS NOT NULL) EXECUTE FUNCTION asncat_refuse('audit entry is sealed');
                CREATE TRIGGER "TR_AuditEntries_Sealed_Delete" BEFORE DELETE ON auditentries
                FOR EACH ROW WHEN (OLD.hash IS NOT NULL) EXECUTE FUNCTION asncat_refuse('audit entry is sealed');
                CREATE TRIGGER "TR_AuditEntries_Sealed_Truncate" BEFORE TRUNCATE ON auditentries
                FOR EACH STATEMENT EXECUTE FUNCTION asncat_refuse_truncate('SELECT EXISTS (SELECT 1 FROM auditentries WHERE hash IS NOT NULL)', 'audit entry is sealed');
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            // dropping the tables drops their triggers; the functions go after them
            migrationBuilder.DropTable(
                name: "answerevents");

            migrationBuilder.DropTable(
                name: "answers");

            migrationBuilder.DropTable(
                name: "aspnetroleclaims");

            migrationBuilder.DropTable(
                name: "aspnetuserclaims");

            migrationBuilder.DropTable(
                name: "aspnetuserlogins");

            migrationBuilder.DropTable(
                name: "aspnetuserroles");

            migrationBuilder.DropTable(
                name: "aspnetusertokens");

            migrationBuilder.DropTable(
                name: "auditentries");

            migrationBuilder.DropTable(
                name: "bankimages");

            migrationBuilder.DropTable(
                name: "bankitems");

            migrationBuilder.DropTable(
                name: "publications");

            migrationBuilder.DropTable(
                name: "serverheartbeats");

            migrationBuilder.DropTable(
                name: "skbscores");

            migrationBuilder.DropTable(
                name: "attempts");

            migrationBuilder.DropTable(
                name: "aspnetroles");

            migrationBuilder.DropTable(
                name: "aspnetusers");

            migrationBuilder.DropTable(
                name: "candidates");

            migrationBuilder.DropTable(
                name: "examsessions");

            migrationBuilder.DropTable(
                name: "formations");

            migrationBuilder.DropTable(
                name: "bankversions");

            migrationBuilder.DropTable(
                name: "blueprintsnapshots");

            migrationBuilder.Sql("DROP FUNCTION asncat_refuse(); DROP FUNCTION asncat_refuse_in_locked_version(); DROP FUNCTION asncat_refuse_truncate();");
        }
    }
}
