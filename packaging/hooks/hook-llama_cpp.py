# Replaces pyinstaller-hooks-contrib's hook for llama_cpp, which collects every file of the wheel's lib folder:
# on Linux that is three copies of each library. packaging/hearth.spec adds each library once.
from PyInstaller.utils.hooks import collect_data_files

datas = collect_data_files("llama_cpp", excludes=["lib/*", "server/*"])
