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
complete -c baitech -n "__fish_baitech_using_subcommand help; and not __fish_seen_subcommand_from serve health completions help" -f -a "serve" -d 'Run the HTTP API server'
complete -c baitech -n "__fish_baitech_using_subcommand help; and not __fish_seen_subcommand_from serve health completions help" -f -a "health" -d 'Check the store, the cache and optionally a running server'
complete -c baitech -n "__fish_baitech_using_subcommand help; and not __fish_seen_subcommand_from serve health completions help" -f -a "completions" -d 'Print shell completions'
complete -c baitech -n "__fish_baitech_using_subcommand help; and not __fish_seen_subcommand_from serve health completions help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
