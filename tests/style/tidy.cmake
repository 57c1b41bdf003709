# Runs clang-tidy over the drivers and models layers. The build's compile_commands.json is made
# for g++ (-std=gnu++23, GCC-only warnings); clang-tidy 14 knows that standard as c++2b, so it
# gets a copy of the database with those flags translated.
#   cmake -DBUILD_DIR=... -DSOURCE_DIR=... -DRUN_CLANG_TIDY=... -P tidy.cmake
file(READ ${BUILD_DIR}/compile_commands.json commands)
string(REPLACE "-std=gnu++23" "-std=c++2b" commands "${commands}")
string(REPLACE "-std=c++23" "-std=c++2b" commands "${commands}")
# GCC-only warning options mean nothing to clang.
string(REPLACE "-Wshadow=local" "" commands "${commands}")
set(tidy_dir ${BUILD_DIR}/clang-tidy)
file(MAKE_DIRECTORY ${tidy_dir})
file(WRITE ${tidy_dir}/compile_commands.json "${commands}")
execute_process(
    COMMAND ${RUN_CLANG_TIDY} -quiet -p ${tidy_dir} -j 2 "${SOURCE_DIR}/(drivers|models)/.*\\.cpp$"
    RESULT_VARIABLE result)
if(NOT result EQUAL 0)
    message(FATAL_ERROR "clang-tidy found problems (see above)")
endif()
