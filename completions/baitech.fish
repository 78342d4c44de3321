# Print an optspec for argparse to handle cmd's options that are independent of any subcommand.
function __fish_baitech_global_optspecs
    string join \n json v/verbose q/quiet env-file= environment= mongodb-uri= mongodb-db= redis-url= data-dir= h/help V/version
end

function __fish_baitech_needs_command
    # Figure out if the current invocation already has a command.
    set -l cmd (commandline -opc)
    set -e cmd[1]
    argparse -s (__fish_baitech_global_optspecs) -- $cmd 2>/dev/null
    or return
    if set -q argv[1]
        # Also print the command, so this can be used to figure out what it is.
        echo $argv[1]
        return 1
    end
    return 0
end

function __fish_baitech_using_subcommand
    set -l cmd (__fish_baitech_needs_command)
    test -z "$cmd"
    and return 1
    contains -- $cmd[1] $argv
end

complete -c baitech -n "__fish_baitech_needs_command" -l env-file -d 'Read variables from this file instead of ./.env (the environment still wins)' -r -F
complete -c baitech -n "__fish_baitech_needs_command" -l environment -d 'development | test | production [env: BAITECH_ENV]' -r
complete -c baitech -n "__fish_baitech_needs_command" -l mongodb-uri -d 'MongoDB connection string; unset = embedded store [env: MONGODB_URI]' -r
complete -c baitech -n "__fish_baitech_needs_command" -l mongodb-db -d 'MongoDB database name [env: MONGODB_DB]' -r
complete -c baitech -n "__fish_baitech_needs_command" -l redis-url -d 'Redis URL; unset = in-process cache [env: REDIS_URL]' -r
complete -c baitech -n "__fish_baitech_needs_command" -l data-dir -d 'Embedded store directory [env: BAITECH_DATA]' -r -F
complete -c baitech -n "__fish_baitech_needs_command" -l json -d 'Machine-readable JSON output instead of tables and text'
complete -c baitech -n "__fish_baitech_needs_command" -s v -l verbose -d 'More log output (-v debug, -vv trace)'
complete -c baitech -n "__fish_baitech_needs_command" -s q -l quiet -d 'Only warnings and errors'
complete -c baitech -n "__fish_baitech_needs_command" -s h -l help -d 'Print help'
complete -c baitech -n "__fish_baitech_needs_command" -s V -l version -d 'Print version'
complete -c baitech -n "__fish_baitech_needs_command" -f -a "serve" -d 'Run the HTTP API server'
complete -c baitech -n "__fish_baitech_needs_command" -f -a "health" -d 'Check the store, the cache and optionally a running server'
complete -c baitech -n "__fish_baitech_needs_command" -f -a "completions" -d 'Print shell completions'
complete -c baitech -n "__fish_baitech_needs_command" -f -a "seed" -d 'Load the fixture set (admin account and demo data) and generate data at scale'
complete -c baitech -n "__fish_baitech_needs_command" -f -a "cleanup" -d 'Remove old messages and notifications, expired tokens and deleted conversations'
complete -c baitech -n "__fish_baitech_needs_command" -f -a "indexes" -d 'Create the indexes the product needs (idempotent)'
complete -c baitech -n "__fish_baitech_needs_command" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c baitech -n "__fish_baitech_using_subcommand serve" -l addr -d 'Listen address [env: BAITECH_ADDR, PORT; default 127.0.0.1:5000]' -r
complete -c baitech -n "__fish_baitech_using_subcommand serve" -l env-file -d 'Read variables from this file instead of ./.env (the environment still wins)' -r -F
complete -c baitech -n "__fish_baitech_using_subcommand serve" -l environment -d 'development | test | production [env: BAITECH_ENV]' -r
complete -c baitech -n "__fish_baitech_using_subcommand serve" -l mongodb-uri -d 'MongoDB connection string; unset = embedded store [env: MONGODB_URI]' -r
complete -c baitech -n "__fish_baitech_using_subcommand serve" -l mongodb-db -d 'MongoDB database name [env: MONGODB_DB]' -r
complete -c baitech -n "__fish_baitech_using_subcommand serve" -l redis-url -d 'Redis URL; unset = in-process cache [env: REDIS_URL]' -r
complete -c baitech -n "__fish_baitech_using_subcommand serve" -l data-dir -d 'Embedded store directory [env: BAITECH_DATA]' -r -F
complete -c baitech -n "__fish_baitech_using_subcommand serve" -l no-indexes -d 'Skip creating indexes at start-up in development'
complete -c baitech -n "__fish_baitech_using_subcommand serve" -l json -d 'Machine-readable JSON output instead of tables and text'
complete -c baitech -n "__fish_baitech_using_subcommand serve" -s v -l verbose -d 'More log output (-v debug, -vv trace)'
complete -c baitech -n "__fish_baitech_using_subcommand serve" -s q -l quiet -d 'Only warnings and errors'
complete -c baitech -n "__fish_baitech_using_subcommand serve" -s h -l help -d 'Print help'
complete -c baitech -n "__fish_baitech_using_subcommand serve" -s V -l version -d 'Print version'
complete -c baitech -n "__fish_baitech_using_subcommand health" -l url -d 'Also check a running server\'s /health/ready, e.g. http://127.0.0.1:5000' -r
complete -c baitech -n "__fish_baitech_using_subcommand health" -l env-file -d 'Read variables from this file instead of ./.env (the environment still wins)' -r -F
complete -c baitech -n "__fish_baitech_using_subcommand health" -l environment -d 'development | test | production [env: BAITECH_ENV]' -r
complete -c baitech -n "__fish_baitech_using_subcommand health" -l mongodb-uri -d 'MongoDB connection string; unset = embedded store [env: MONGODB_URI]' -r
complete -c baitech -n "__fish_baitech_using_subcommand health" -l mongodb-db -d 'MongoDB database name [env: MONGODB_DB]' -r
complete -c baitech -n "__fish_baitech_using_subcommand health" -l redis-url -d 'Redis URL; unset = in-process cache [env: REDIS_URL]' -r
complete -c baitech -n "__fish_baitech_using_subcommand health" -l data-dir -d 'Embedded store directory [env: BAITECH_DATA]' -r -F
complete -c baitech -n "__fish_baitech_using_subcommand health" -l no-stats -d 'Skip the per-collection statistics'
complete -c baitech -n "__fish_baitech_using_subcommand health" -l json -d 'Machine-readable JSON output instead of tables and text'
complete -c baitech -n "__fish_baitech_using_subcommand health" -s v -l verbose -d 'More log output (-v debug, -vv trace)'
complete -c baitech -n "__fish_baitech_using_subcommand health" -s q -l quiet -d 'Only warnings and errors'
complete -c baitech -n "__fish_baitech_using_subcommand health" -s h -l help -d 'Print help'
complete -c baitech -n "__fish_baitech_using_subcommand health" -s V -l version -d 'Print version'
complete -c baitech -n "__fish_baitech_using_subcommand completions" -l out-dir -d 'Write the script into this directory instead of printing it' -r -F
complete -c baitech -n "__fish_baitech_using_subcommand completions" -l env-file -d 'Read variables from this file instead of ./.env (the environment still wins)' -r -F
complete -c baitech -n "__fish_baitech_using_subcommand completions" -l environment -d 'development | test | production [env: BAITECH_ENV]' -r
complete -c baitech -n "__fish_baitech_using_subcommand completions" -l mongodb-uri -d 'MongoDB connection string; unset = embedded store [env: MONGODB_URI]' -r
complete -c baitech -n "__fish_baitech_using_subcommand completions" -l mongodb-db -d 'MongoDB database name [env: MONGODB_DB]' -r
complete -c baitech -n "__fish_baitech_using_subcommand completions" -l redis-url -d 'Redis URL; unset = in-process cache [env: REDIS_URL]' -r
complete -c baitech -n "__fish_baitech_using_subcommand completions" -l data-dir -d 'Embedded store directory [env: BAITECH_DATA]' -r -F
complete -c baitech -n "__fish_baitech_using_subcommand completions" -l json -d 'Machine-readable JSON output instead of tables and text'
complete -c baitech -n "__fish_baitech_using_subcommand completions" -s v -l verbose -d 'More log output (-v debug, -vv trace)'
complete -c baitech -n "__fish_baitech_using_subcommand completions" -s q -l quiet -d 'Only warnings and errors'
complete -c baitech -n "__fish_baitech_using_subcommand completions" -s h -l help -d 'Print help'
complete -c baitech -n "__fish_baitech_using_subcommand completions" -s V -l version -d 'Print version'
complete -c baitech -n "__fish_baitech_using_subcommand seed" -l users -d 'Generate this many users (~40% technicians, the rest customers)' -r
complete -c baitech -n "__fish_baitech_using_subcommand seed" -l posts -d 'Generate this many posts by technicians' -r
complete -c baitech -n "__fish_baitech_using_subcommand seed" -l bookings -d 'Generate this many bookings between customers and technicians, in every state' -r
complete -c baitech -n "__fish_baitech_using_subcommand seed" -l messages -d 'Generate this many chat messages (in conversations of about twenty)' -r
complete -c baitech -n "__fish_baitech_using_subcommand seed" -l seed -d 'Random seed; the same seed and --as-of give the same data (default: random, reported)' -r
complete -c baitech -n "__fish_baitech_using_subcommand seed" -l batch-size -d 'Documents per bulk insert' -r
complete -c baitech -n "__fish_baitech_using_subcommand seed" -l as-of -d 'The "now" of generated data, RFC 3339 (default: the start of today, UTC)' -r
complete -c baitech -n "__fish_baitech_using_subcommand seed" -l admin-password -d 'Password of admin@baitech.co.ke (default: generated and printed once)' -r
complete -c baitech -n "__fish_baitech_using_subcommand seed" -l demo-password -d 'Password of the other fixture users (default: generated and printed once)' -r
complete -c baitech -n "__fish_baitech_using_subcommand seed" -l env-file -d 'Read variables from this file instead of ./.env (the environment still wins)' -r -F
complete -c baitech -n "__fish_baitech_using_subcommand seed" -l environment -d 'development | test | production [env: BAITECH_ENV]' -r
complete -c baitech -n "__fish_baitech_using_subcommand seed" -l mongodb-uri -d 'MongoDB connection string; unset = embedded store [env: MONGODB_URI]' -r
complete -c baitech -n "__fish_baitech_using_subcommand seed" -l mongodb-db -d 'MongoDB database name [env: MONGODB_DB]' -r
complete -c baitech -n "__fish_baitech_using_subcommand seed" -l redis-url -d 'Redis URL; unset = in-process cache [env: REDIS_URL]' -r
complete -c baitech -n "__fish_baitech_using_subcommand seed" -l data-dir -d 'Embedded store directory [env: BAITECH_DATA]' -r -F
complete -c baitech -n "__fish_baitech_using_subcommand seed" -l no-fixtures -d 'Do not load the fixture set, only generate'
complete -c baitech -n "__fish_baitech_using_subcommand seed" -l reset -d 'Delete every document of every collection first'
complete -c baitech -n "__fish_baitech_using_subcommand seed" -l force -d 'Allow seeding a production environment'
complete -c baitech -n "__fish_baitech_using_subcommand seed" -l json -d 'Machine-readable JSON output instead of tables and text'
complete -c baitech -n "__fish_baitech_using_subcommand seed" -s v -l verbose -d 'More log output (-v debug, -vv trace)'
complete -c baitech -n "__fish_baitech_using_subcommand seed" -s q -l quiet -d 'Only warnings and errors'
complete -c baitech -n "__fish_baitech_using_subcommand seed" -s h -l help -d 'Print help'
complete -c baitech -n "__fish_baitech_using_subcommand seed" -s V -l version -d 'Print version'
complete -c baitech -n "__fish_baitech_using_subcommand cleanup" -l batch-size -d 'Documents per delete batch' -r
complete -c baitech -n "__fish_baitech_using_subcommand cleanup" -l message-days -d 'Remove messages older than this many days [default: MESSAGE_RETENTION_DAYS or 90]' -r
complete -c baitech -n "__fish_baitech_using_subcommand cleanup" -l notification-days -d 'Remove read notifications older than this many days [default: NOTIFICATION_RETENTION_DAYS or 30]' -r
complete -c baitech -n "__fish_baitech_using_subcommand cleanup" -l env-file -d 'Read variables from this file instead of ./.env (the environment still wins)' -r -F
complete -c baitech -n "__fish_baitech_using_subcommand cleanup" -l environment -d 'development | test | production [env: BAITECH_ENV]' -r
complete -c baitech -n "__fish_baitech_using_subcommand cleanup" -l mongodb-uri -d 'MongoDB connection string; unset = embedded store [env: MONGODB_URI]' -r
complete -c baitech -n "__fish_baitech_using_subcommand cleanup" -l mongodb-db -d 'MongoDB database name [env: MONGODB_DB]' -r
complete -c baitech -n "__fish_baitech_using_subcommand cleanup" -l redis-url -d 'Redis URL; unset = in-process cache [env: REDIS_URL]' -r
complete -c baitech -n "__fish_baitech_using_subcommand cleanup" -l data-dir -d 'Embedded store directory [env: BAITECH_DATA]' -r -F
complete -c baitech -n "__fish_baitech_using_subcommand cleanup" -l dry-run -d 'Count what each rule would remove; change nothing'
complete -c baitech -n "__fish_baitech_using_subcommand cleanup" -l json -d 'Machine-readable JSON output instead of tables and text'
complete -c baitech -n "__fish_baitech_using_subcommand cleanup" -s v -l verbose -d 'More log output (-v debug, -vv trace)'
complete -c baitech -n "__fish_baitech_using_subcommand cleanup" -s q -l quiet -d 'Only warnings and errors'
complete -c baitech -n "__fish_baitech_using_subcommand cleanup" -s h -l help -d 'Print help'
complete -c baitech -n "__fish_baitech_using_subcommand cleanup" -s V -l version -d 'Print version'
complete -c baitech -n "__fish_baitech_using_subcommand indexes" -l env-file -d 'Read variables from this file instead of ./.env (the environment still wins)' -r -F
complete -c baitech -n "__fish_baitech_using_subcommand indexes" -l environment -d 'development | test | production [env: BAITECH_ENV]' -r
complete -c baitech -n "__fish_baitech_using_subcommand indexes" -l mongodb-uri -d 'MongoDB connection string; unset = embedded store [env: MONGODB_URI]' -r
complete -c baitech -n "__fish_baitech_using_subcommand indexes" -l mongodb-db -d 'MongoDB database name [env: MONGODB_DB]' -r
complete -c baitech -n "__fish_baitech_using_subcommand indexes" -l redis-url -d 'Redis URL; unset = in-process cache [env: REDIS_URL]' -r
complete -c baitech -n "__fish_baitech_using_subcommand indexes" -l data-dir -d 'Embedded store directory [env: BAITECH_DATA]' -r -F
complete -c baitech -n "__fish_baitech_using_subcommand indexes" -l dry-run -d 'Report what would be created or rebuilt; change nothing'
complete -c baitech -n "__fish_baitech_using_subcommand indexes" -l json -d 'Machine-readable JSON output instead of tables and text'
complete -c baitech -n "__fish_baitech_using_subcommand indexes" -s v -l verbose -d 'More log output (-v debug, -vv trace)'
complete -c baitech -n "__fish_baitech_using_subcommand indexes" -s q -l quiet -d 'Only warnings and errors'
complete -c baitech -n "__fish_baitech_using_subcommand indexes" -s h -l help -d 'Print help'
complete -c baitech -n "__fish_baitech_using_subcommand indexes" -s V -l version -d 'Print version'
complete -c baitech -n "__fish_baitech_using_subcommand help; and not __fish_seen_subcommand_from serve health completions seed cleanup indexes help" -f -a "serve" -d 'Run the HTTP API server'
complete -c baitech -n "__fish_baitech_using_subcommand help; and not __fish_seen_subcommand_from serve health completions seed cleanup indexes help" -f -a "health" -d 'Check the store, the cache and optionally a running server'
complete -c baitech -n "__fish_baitech_using_subcommand help; and not __fish_seen_subcommand_from serve health completions seed cleanup indexes help" -f -a "completions" -d 'Print shell completions'
complete -c baitech -n "__fish_baitech_using_subcommand help; and not __fish_seen_subcommand_from serve health completions seed cleanup indexes help" -f -a "seed" -d 'Load the fixture set (admin account and demo data) and generate data at scale'
complete -c baitech -n "__fish_baitech_using_subcommand help; and not __fish_seen_subcommand_from serve health completions seed cleanup indexes help" -f -a "cleanup" -d 'Remove old messages and notifications, expired tokens and deleted conversations'
complete -c baitech -n "__fish_baitech_using_subcommand help; and not __fish_seen_subcommand_from serve health completions seed cleanup indexes help" -f -a "indexes" -d 'Create the indexes the product needs (idempotent)'
complete -c baitech -n "__fish_baitech_using_subcommand help; and not __fish_seen_subcommand_from serve health completions seed cleanup indexes help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
